using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>
/// The GPU's two-pass top-k (segments, then a merge per row), forced on the CPU accelerator for narrow rows: the same
/// column indices as the CPU backend's single pass, ties, infinities, signed zeros, column scales and NaN rows included.
/// </summary>
public sealed class TopKTwoPassTests : IDisposable
{
    private readonly CudaBackend _backend = CudaBackend.CreateOnCpuAccelerator();
    private readonly CpuBackend _cpu = CpuBackend.Create();

    public void Dispose() => _backend.Dispose();

    [Theory]
    [InlineData(7, 1000, 1, false, "random")]
    [InlineData(5, 997, 5, true, "random")]
    [InlineData(9, 640, 8, false, "ties")]
    [InlineData(3, 2048, 32, true, "ties")]
    [InlineData(6, 500, 3, false, "specials")]
    [InlineData(4, 777, 6, false, "nan")]
    public void TwoPass_SelectsTheCpusColumns(int rows, int cols, int k, bool scaled, string kind)
    {
        _backend.TopKTwoPassColumns = 8;
        Assert.True(cols >= 2 * _backend.TopKSegmentLength(k), "the case must take the two-pass path");
        var random = new Random(rows * cols + k);
        var scores = new float[rows * cols];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = kind switch
            {
                "ties" => random.Next(6) * 0.5f,                       // few distinct values: many ties across segments
                "specials" => random.Next(10) switch { 0 => float.PositiveInfinity, 1 => float.NegativeInfinity, 2 => -0f, 3 => 0f, _ => (float)random.NextDouble() },
                _ => (float)(random.NextDouble() * 2 - 1),
            };
        }
        if (kind == "nan")
            for (int r = 0; r < rows; r += 2) scores[r * cols + random.Next(cols)] = float.NaN; // every other row has a NaN
        float[] scale = Enumerable.Range(0, cols).Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();

        int[] expected = Select(_cpu, scores, rows, cols, k, scaled ? scale : null);
        int[] actual = Select(_backend, scores, rows, cols, k, scaled ? scale : null);

        Assert.Equal(expected, actual);
    }

    private static int[] Select(ITensorBackend backend, float[] scores, int rows, int cols, int k, float[]? scale)
    {
        using var scope = TensorBackend.Use(backend);
        using var s = Tensor.FromArray(scores, rows, cols);
        using var c = scale is null ? null : Tensor.FromArray(scale, cols);
        var indices = IndexTensor.Empty(rows * k);
        backend.TopKSelect(s, k, c, null, indices);
        return indices.ToArray();
    }
}
