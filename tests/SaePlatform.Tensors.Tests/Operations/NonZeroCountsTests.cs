using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Tests.Operations;

/// <summary>Per-feature firing counts of a batch (Ops.NonZeroCounts), against a naive count.</summary>
public sealed class NonZeroCountsTests
{
    [Fact]
    public void Dense_LargeRaggedBatch_MatchesANaiveCount()
    {
        int rows = 300, cols = 5000;   // several feature blocks, a ragged last block and a non-vector tail
        var rng = new Random(7);
        var data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() < 0.1 ? (float)rng.NextDouble() + 0.01f : 0f;
        data[17] = float.NaN;           // NaN != 0: counts as firing, like the scalar rule
        data[cols * 5 + 4999] = -0f;    // negative zero is zero

        var counts = Ops.NonZeroCounts(Tensor.FromArray(data, rows, cols)).ToArray();

        var expected = new float[cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                if (data[r * cols + c] != 0 || float.IsNaN(data[r * cols + c])) expected[c]++;
        Assert.Equal(expected, counts);
    }

    [Fact]
    public void Sparse_CountsNonZeroStoredValuesPerFeature()
    {
        // Rows: {1: 2.0, 3: 0.0}, {}, {0: NaN, 1: -1.0, 3: 5.0}; d_sae 5.
        var codes = new SparseRows(3, 5, [0, 2, 2, 5], [1, 3, 0, 1, 3], Tensor.FromArray([2f, 0f, float.NaN, -1f, 5f], 5));
        Assert.Equal(new[] { 1f, 2f, 0f, 1f, 0f }, Ops.NonZeroCounts(codes).ToArray());
    }
}
