using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>
/// The GPU's chunking of the float64 sums of squares (the gradient norm of every step), run on the CPU accelerator:
/// within float64 rounding of a naive sum, the same bits on every call, and the list form equal to the tensors' sums
/// added in order.
/// </summary>
public sealed class SumOfSquaresChunkingTests : IDisposable
{
    private readonly CudaBackend _backend = CudaBackend.CreateOnCpuAccelerator();

    public void Dispose() => _backend.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(OptimizerKernels.GpuChunk - 1)]
    [InlineData(OptimizerKernels.GpuChunk + 3)]
    [InlineData(5 * OptimizerKernels.GpuChunk + 17)]
    public void GpuChunks_SumWithinFloat64Rounding_AndRepeatTheirBits(int length)
    {
        _backend.SumChunkSize = OptimizerKernels.GpuChunk;
        var random = new Random(length);
        var values = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        double naive = values.Sum(v => (double)v * v);
        using var scope = TensorBackend.Use(_backend);
        using var x = Tensor.FromArray(values, length);

        double first = _backend.SumOfSquaresF64(x), second = _backend.SumOfSquaresF64(x);

        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(second));
        Assert.True(Math.Abs(first - naive) <= 1e-12 * naive, $"{first:R} vs naive {naive:R}");

        using var y = Tensor.FromArray(values.Take(Math.Max(1, length / 3)).ToArray(), Math.Max(1, length / 3));
        using var bits = Tensor.Empty(2);
        _backend.SumOfSquaresF64([x, y], bits);
        Assert.Equal(first + _backend.SumOfSquaresF64(y), Float64Bits.Read(bits.ToArray(), 0));
    }
}
