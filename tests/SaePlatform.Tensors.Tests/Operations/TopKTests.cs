using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class TopKTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(9, 37, 5)]
    [InlineData(64, 1100, 32)] // large enough for the parallel path
    [InlineData(3, 10, 10)]
    [InlineData(3, 10, 0)]
    public void TopK_RandomShapes_MatchesSortedReference(int rows, int n, int k)
    {
        using var scope = Scope();
        var data = Reference.RandomArray(rows * n, seed: rows * 31 + n);
        var h = Tensor.FromArray(data, rows, n);
        var s = Ops.TopK(h, k);
        var expected = TopKColumns(data, rows, n, k);
        Assert.Equal(rows * k, s.NonZeros);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(expected[r], RowColumns(s, r));
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                Assert.Equal(Math.Max(0f, data[r * n + s.Indices[e]]), s.Values[e]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TopK_LongRowsWithTiesAndScale_MatchSortedReference(bool scaled)
    {
        // Rows of 4100 columns with k = 32 take the block-maximum threshold pre-pass (n >= 128 k); values are
        // rounded to a coarse grid so many scores tie at and around the cut, and 4100 leaves a scalar tail.
        const int rows = 6, n = 4100, k = 32;
        using var scope = Scope();
        var data = Reference.RandomArray(rows * n, seed: 41);
        for (int i = 0; i < data.Length; i++) data[i] = MathF.Round(data[i] * 40f) / 40f;
        data[n - 1] = 5f; // the best score of row 0 sits in the tail
        var norms = scaled ? Positive(n, 42) : null;
        var h = Tensor.FromArray(data, rows, n);
        var selected = IndexTensor.Empty(rows * k);
        SaePlatform.Tensors.Backends.TensorBackend.Current.TopKSelect(h, k, norms is null ? null : Tensor.FromArray(norms, n), null, selected);
        var indices = selected.ToArray();
        var expected = TopKColumns(data, rows, n, k, scale: norms);
        for (int r = 0; r < rows; r++) Assert.Equal(expected[r], indices[(r * k)..((r + 1) * k)]);
    }

    [Fact]
    public void TopK_LongRowWithNaN_SelectsAsTheStreamingPassDoes()
    {
        // A NaN block maximum sends the row down the streaming pass, whose result for NaN-free rows is the reference.
        const int n = 4096, k = 32;
        using var scope = Scope();
        var data = Reference.RandomArray(2 * n, seed: 5);
        data[n + 100] = float.NaN;
        var selected = IndexTensor.Empty(2 * k);
        SaePlatform.Tensors.Backends.TensorBackend.Current.TopKSelect(Tensor.FromArray(data, 2, n), k, null, null, selected);
        var indices = selected.ToArray();
        var expected = TopKColumns(data[..n], 1, n, k);
        Assert.Equal(expected[0], indices[..k]);
        Assert.Equal(k, indices[k..].Distinct().Count());
    }

    [Fact]
    public void TopK_Ties_KeepLowerColumnIndex()
    {
        using var scope = Scope();
        // Row 0: five equal maxima, k = 3 keeps the first three; row 1: equal values straddle the cut.
        float[] data = [2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        1, 5, 1, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        var s = Ops.TopK(Tensor.FromArray(data, 2, 20), 3);
        Assert.Equal([0, 1, 2], RowColumns(s, 0));
        Assert.Equal([0, 1, 4], RowColumns(s, 1));
    }

    [Fact]
    public void TopK_NegativeKeptValues_StoredAsZeroWithZeroGradient()
    {
        using var scope = Scope();
        var h = Leaf([-1f, -2f, -3f, 4f], 1, 4);
        var s = Ops.TopK(h, 2);
        Assert.Equal([0, 3], RowColumns(s, 0));
        Assert.Equal([0f, 4f], s.Values.ToArray());
        var r = BackwardWithProjection(s.Values, seed: 3);
        Assert.Equal([0f, 0f, 0f, r[1]], h.Grad!.ToArray());
    }

    [Fact]
    public void TopK_WithoutRelu_KeepsSignedValues()
    {
        using var scope = Scope();
        var s = Ops.TopK(Tensor.FromArray([-1f, -2f, -3f, -4f], 1, 4), 2, relu: false);
        Assert.Equal([-1f, -2f], s.Values.ToArray());
    }

    [Fact]
    public void TopK_WellSeparatedInputs_GradientMatchesFiniteDifferences()
    {
        const int rows = 4, n = 9, k = 3;
        GradCheck.Check(t => Ops.TopK(t[0], k).Values, [WellSeparated(rows * n, 5)], [[rows, n]]);
    }

    [Fact]
    public void TopKMasked_OnlyAllowedColumns_MatchesReferenceAndClampsK()
    {
        using var scope = Scope();
        const int rows = 6, n = 23;
        var data = Reference.RandomArray(rows * n, 11);
        var allowed = new bool[n];
        foreach (int j in new[] { 1, 4, 5, 9, 17, 22 }) allowed[j] = true;
        var h = Leaf(data, rows, n);
        var s = Ops.TopKMasked(h, 4, allowed, relu: false);
        var expected = TopKColumns(data, rows, n, 4, allowed: allowed);
        for (int r = 0; r < rows; r++) Assert.Equal(expected[r], RowColumns(s, r));

        var all = Ops.TopKMasked(h, 10, allowed);
        Assert.Equal(rows * 6, all.NonZeros);

        var g = BackwardWithProjection(s.Values, 2);
        var dense = new double[rows * n];
        for (int e = 0; e < s.NonZeros; e++) dense[(e / 4) * n + s.Indices[e]] += g[e];
        var grad = h.Grad!.ToArray();
        for (int i = 0; i < dense.Length; i++) Assert.Equal(dense[i], grad[i], 6);
    }

    [Theory]
    [InlineData(7, 13, 2)]
    [InlineData(40, 2000, 16)] // parallel passes
    [InlineData(3, 5, 4)]       // fewer positives than k * rows: explicit zeros fill up
    [InlineData(4, 6, 6)]       // every entry kept
    public void BatchTopK_RandomShapes_MatchesBatchWideSort(int rows, int n, int k)
    {
        using var scope = Scope();
        var data = Reference.RandomArray(rows * n, seed: n + k);
        var s = Ops.BatchTopK(Tensor.FromArray(data, rows, n), k, out float minKept);

        // Reference: the positive entries by value (ties to the lower position), then the non-positive ones in row-major
        // order, the first min(k * rows, rows * n) of them.
        int count = Math.Min(k * rows, rows * n);
        var positive = Enumerable.Range(0, rows * n).Where(i => data[i] > 0).OrderByDescending(i => data[i]).ThenBy(i => i);
        var selected = positive.Concat(Enumerable.Range(0, rows * n).Where(i => !(data[i] > 0))).Take(count).ToHashSet();
        Assert.Equal(count, s.NonZeros);
        var kept = new HashSet<int>();
        for (int r = 0; r < rows; r++)
        {
            var cols = RowColumns(s, r);
            Assert.Equal(cols.OrderBy(c => c), cols);
            foreach (int c in cols) kept.Add(r * n + c);
        }
        Assert.True(selected.SetEquals(kept));
        Assert.Equal(selected.Where(i => data[i] > 0).Min(i => data[i]), minKept);
        var values = s.Values.ToArray();
        for (int e = 0; e < s.NonZeros; e++)
        {
            int r = Array.FindLastIndex(s.RowOffsets.ToArray(), o => o <= e);
            float v = data[r * n + s.Indices[e]];
            Assert.Equal(v > 0 ? v : 0f, values[e]);
        }
    }

    [Fact]
    public void BatchTopK_TiesAcrossRows_KeepEarlierRowMajorPositions()
    {
        using var scope = Scope();
        float[] data = [1, 3, 0, 3, 3, 1];
        var s = Ops.BatchTopK(Tensor.FromArray(data, 2, 3), 1, out float minKept); // keeps 2 of the three 3s
        Assert.Equal([1], RowColumns(s, 0));
        Assert.Equal([0], RowColumns(s, 1));
        Assert.Equal(3f, minKept);
    }

    [Fact]
    public void BatchTopK_NoPositiveEntries_FirstEntriesAsExplicitZerosAndNaNMinimum()
    {
        using var scope = Scope();
        var s = Ops.BatchTopK(Tensor.FromArray([-1f, float.NaN, -2f, -3f], 2, 2), 1, out float minKept);
        Assert.Equal(2, s.NonZeros); // k * rows entries whatever the signs: the host sizes the codes without a read
        Assert.Equal([0, 1], RowColumns(s, 0));
        Assert.Empty(RowColumns(s, 1));
        Assert.Equal([0f, 0f], s.Values.ToArray());
        Assert.True(float.IsNaN(minKept));
        Assert.Equal([0f, 0f], Ops.NonZeroCounts(s).ToArray()); // explicit zeros do not fire
    }

    [Fact]
    public void BatchTopK_Gradient_ScattersToKeptPositionsOnly()
    {
        using var scope = Scope();
        const int rows = 5, n = 8;
        var h = Leaf(WellSeparated(rows * n, 9), rows, n);
        var s = Ops.BatchTopK(h, 2);
        var g = BackwardWithProjection(s.Values, 4);
        var expected = new float[rows * n];
        for (int r = 0; r < rows; r++)
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++) expected[r * n + s.Indices[e]] = g[e];
        Assert.Equal(expected, h.Grad!.ToArray());
    }

    [Fact]
    public void BatchTopK_FewerPositivesThanKept_ExplicitZerosGetNoGradient()
    {
        using var scope = Scope();
        const int rows = 5, n = 8;
        var values = WellSeparated(rows * n, 11);
        for (int i = 0; i < values.Length; i++) values[i] -= 1.5f; // 5 positive entries of 40
        int positives = values.Count(v => v > 0);
        var h = Leaf(values, rows, n);
        var s = Ops.BatchTopK(h, 3); // 15 kept: every positive entry and the first non-positive ones
        Assert.Equal(15, s.NonZeros);
        Assert.Equal(5, positives);
        var g = BackwardWithProjection(s.Values, 4);
        var expected = new float[rows * n];
        for (int r = 0; r < rows; r++)
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                if (values[r * n + s.Indices[e]] > 0) expected[r * n + s.Indices[e]] = g[e];
        Assert.Equal(expected, h.Grad!.ToArray());
        Assert.Equal(positives, expected.Count(v => v != 0));
    }

    [Fact]
    public void TopKAndBatchTopK_LargeInput_BitIdenticalAcrossRuns()
    {
        using var scope = Scope();
        const int rows = 128, n = 3000;
        var data = Reference.RandomArray(rows * n, 77);
        SparseRows Run(bool batch) => batch ? Ops.BatchTopK(Tensor.FromArray(data, rows, n), 24) : Ops.TopK(Tensor.FromArray(data, rows, n), 24);
        foreach (bool batch in new[] { false, true })
        {
            var a = Run(batch);
            var b = Run(batch);
            Assert.Equal(a.RowOffsets.ToArray(), b.RowOffsets.ToArray());
            Assert.Equal(a.Indices.ToArray()[..a.NonZeros], b.Indices.ToArray()[..b.NonZeros]);
            Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        }
    }
}
