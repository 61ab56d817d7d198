using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// One call of one kernel on fixed host inputs. <see cref="Body"/> uploads the inputs through its
/// <see cref="KernelRun"/>, calls the kernel and reads the results back; the suite runs it once on the reference and
/// once on the candidate and compares what each read.
/// </summary>
/// <param name="Method">The kernel under test.</param>
/// <param name="Label">The shapes and arguments, for a failure's reason (e.g. <c>33x130 tA beta=0.5</c>).</param>
/// <param name="Body">Creates the tensors, calls the kernel, reads the outputs.</param>
internal sealed record ConformanceCase(KernelMethod Method, string Label, Action<KernelRun> Body);

/// <summary>
/// Host-side helpers for the cases: consistent inputs (a forward output for a backward kernel, norms for a norm's
/// gradient) computed once by the CPU backend on host arrays, so both backends receive the same values.
/// </summary>
internal static class HostKernels
{
    private static readonly CpuBackend Cpu = CpuBackend.Create();

    /// <summary>Element count of <paramref name="shape"/>.</summary>
    public static int Count(int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>Shape as text: <c>33x130</c>, <c>257</c>, <c>scalar</c>.</summary>
    public static string Describe(int[] shape) => shape.Length == 0 ? "scalar" : string.Join("x", shape);

    /// <summary>f(<paramref name="x"/>) of shape <paramref name="shape"/>.</summary>
    public static float[] Unary(UnaryOp op, float[] x, int[] shape, float p, float q)
    {
        var y = new float[x.Length];
        Cpu.Unary(op, Tensor.Wrap(x, shape), p, q, Tensor.Wrap(y, shape));
        return y;
    }

    /// <summary>The L2 norms of <paramref name="x"/> down to <paramref name="normShape"/>.</summary>
    public static float[] L2Norm(float[] x, int[] shape, int[] normShape)
    {
        var y = new float[Count(normShape)];
        Cpu.L2Norm(Tensor.Wrap(x, shape), Tensor.Wrap(y, normShape));
        return y;
    }

    /// <summary>Per row of the [rows, cols] <paramref name="y"/>, how many entries are positive or NaN (as BiasRelu reports).</summary>
    public static int[] PositiveCounts(float[] y, int rows, int cols)
    {
        var counts = new int[rows];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                if (!(y[r * cols + j] <= 0f)) counts[r]++;
        return counts;
    }
}
