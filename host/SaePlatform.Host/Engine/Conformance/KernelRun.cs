using System.Runtime.InteropServices;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// One case run on one backend: the case creates its tensors here, on that backend's device (the suite runs it under
/// <see cref="TensorBackend.Use"/>, so <see cref="Tensor.FromArray"/> uploads), calls the kernel on <see cref="Backend"/>,
/// and reads back what the kernel wrote. The reference and the candidate run the same case over the same host values.
/// </summary>
internal sealed class KernelRun(ITensorBackend backend)
{
    private readonly List<KernelOutput> _outputs = [];

    /// <summary>The backend the case calls.</summary>
    public ITensorBackend Backend { get; } = backend;

    /// <summary>What the case read back, in the order it read it.</summary>
    public IReadOnlyList<KernelOutput> Outputs => _outputs;

    /// <summary>A tensor on the backend's device holding <paramref name="values"/> (uploaded; the host array is not kept).</summary>
    public static Tensor Upload(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>A destination whose prior contents the kernel must ignore (beta 0, outputs written in full): NaN everywhere.</summary>
    public static Tensor Poisoned(params int[] shape) => Tensor.Full(float.NaN, shape);

    /// <summary>A CSR pattern whose values are uploaded to the device (index arrays are host memory by the interface).</summary>
    public static SparseRows Pattern(SparsePattern pattern, float[] values) =>
        new(pattern.Rows, pattern.Cols, IndexTensor.FromArray(pattern.Offsets), IndexTensor.FromArray(pattern.Indices), Upload(values, values.Length));

    /// <summary>A CSR pattern over a values tensor already on the device (the kernel's own input or output).</summary>
    public static SparseRows Pattern(SparsePattern pattern, Tensor values) =>
        new(pattern.Rows, pattern.Cols, IndexTensor.FromArray(pattern.Offsets), IndexTensor.FromArray(pattern.Indices), values);

    /// <summary>Reads <paramref name="tensor"/> back to the host (a download from a device).</summary>
    public void Read(string name, Tensor tensor, Tolerance tolerance) =>
        _outputs.Add(new KernelOutput(name, Array.ConvertAll(tensor.ToArray(), v => (double)v), tolerance));

    /// <summary>
    /// Reads a tensor that holds float64 values as pairs of float32 halves in memory order (<c>Float64Bits</c>: the
    /// reconstruction statistics, a list's sum of squares) and records each value as its own output, named by
    /// <paramref name="names"/>, so each is judged against its own magnitude.
    /// </summary>
    public void ReadFloat64(Tensor tensor, Tolerance tolerance, params string[] names)
    {
        var doubles = MemoryMarshal.Cast<float, double>(tensor.ToArray());
        for (int i = 0; i < names.Length; i++) _outputs.Add(new KernelOutput(names[i], [doubles[i]], tolerance));
    }

    /// <summary>Records floats the kernel wrote to host memory (norms written to a span).</summary>
    public void Read(string name, float[] values, Tolerance tolerance) =>
        _outputs.Add(new KernelOutput(name, Array.ConvertAll(values, v => (double)v), tolerance));

    /// <summary>Records indices or offsets the kernel wrote to a host array; compared exactly.</summary>
    public void Read(string name, int[] values) =>
        _outputs.Add(new KernelOutput(name, Array.ConvertAll(values, v => (double)v), Tolerance.Exact, Integral: true));

    /// <summary>Records a count the kernel returned; compared exactly.</summary>
    public void Read(string name, long value) => _outputs.Add(new KernelOutput(name, [value], Tolerance.Exact, Integral: true));

    /// <summary>Records a float64 value the kernel returned.</summary>
    public void Read(string name, double value, Tolerance tolerance) => _outputs.Add(new KernelOutput(name, [value], tolerance));

    /// <summary>Records a float32 value the kernel returned.</summary>
    public void Read(string name, float value, Tolerance tolerance) => _outputs.Add(new KernelOutput(name, [value], tolerance));
}
