using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class SparseDecodeTests
{
    /// <summary>Random TopK codes of a [rows, n] batch whose Values are a leaf that requires gradients.</summary>
    private static SparseRows RandomCodes(int rows, int n, int k, int seed)
    {
        var rng = new Random(seed);
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            var cols = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(k).Order().ToArray();
            indices.AddRange(cols);
            offsets[r + 1] = offsets[r] + cols.Length;
        }
        var values = Leaf(Reference.RandomArray(indices.Count, seed + 1), indices.Count);
        return new SparseRows(rows, n, offsets, indices.ToArray(), values);
    }

    [Theory]
    [InlineData(1, 1, 1, 1, true)]
    [InlineData(6, 11, 7, 3, true)]
    [InlineData(13, 37, 9, 5, false)]
    [InlineData(200, 96, 64, 8, true)] // parallel paths
    public void SparseDecode_ForwardAndGradients_MatchDenseFloat64(int rows, int n, int d, int k, bool withBias)
    {
        using var scope = Scope();
        var codes = RandomCodes(rows, n, k, seed: rows + n);
        var wData = Reference.RandomArray(n * d, 3);
        var bData = Reference.RandomArray(d, 4);
        var w = Leaf(wData, n, d);
        var bias = withBias ? Leaf(bData, d) : null;

        var y = Ops.SparseDecode(codes, w, bias);
        var dense = Dense(codes);
        var expected = Reference.MatMul(dense.Select(v => (float)v).ToArray(), rows, n, false, wData, n, d, false);
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected[i] + (withBias ? bData[i % d] : 0), y.Span[i], 1e-5, $"y[{i}]");

        var g = BackwardWithProjection(y, seed: 9);
        // dValues_e = g[row] . W[idx]; dW = dense^T g; db = column sums of g (all in float64).
        var dv = codes.Values.Grad!.ToArray();
        for (int r = 0; r < rows; r++)
            for (int e = codes.RowOffsets[r]; e < codes.RowOffsets[r + 1]; e++)
            {
                double s = 0;
                for (int c = 0; c < d; c++) s += (double)g[r * d + c] * wData[codes.Indices[e] * d + c];
                AssertClose(s, dv[e], 1e-5, $"dValues[{e}]");
            }
        var dwExpected = Reference.MatMul(dense.Select(v => (float)v).ToArray(), rows, n, true, g, rows, d, false);
        var dw = w.Grad!.ToArray();
        for (int i = 0; i < dw.Length; i++) AssertClose(dwExpected[i], dw[i], 1e-5, $"dW[{i}]");
        if (bias is not null)
            for (int c = 0; c < d; c++)
            {
                double s = 0;
                for (int r = 0; r < rows; r++) s += g[r * d + c];
                AssertClose(s, bias.Grad![c], 1e-5, $"db[{c}]");
            }
    }

    [Fact]
    public void SparseDecode_LargeDecoder_MatchesFloat64()
    {
        // W_dec of 20000 x 136 floats (10.9 MB, larger than the cache); the reference sums entries directly.
        const int rows = 48, n = 20000, d = 136, k = 6;
        using var scope = Scope();
        var codes = RandomCodes(rows, n, k, 3);
        var wData = Reference.RandomArray(n * d, 4);
        var w = Leaf(wData, n, d);
        var y = Ops.SparseDecode(codes, w);
        var g = BackwardWithProjection(y, 5);
        var v = codes.Values.ToArray();
        var dw = new double[n * d];
        for (int r = 0; r < rows; r++)
            for (int e = codes.RowOffsets[r]; e < codes.RowOffsets[r + 1]; e++)
            {
                int j = codes.Indices[e];
                double dot = 0;
                for (int c = 0; c < d; c++)
                {
                    dot += (double)g[r * d + c] * wData[j * d + c];
                    dw[j * d + c] += (double)v[e] * g[r * d + c];
                }
                AssertClose(dot, codes.Values.Grad![e], 1e-5, $"dValues[{e}]");
            }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++)
            {
                double s = 0;
                for (int e = codes.RowOffsets[r]; e < codes.RowOffsets[r + 1]; e++) s += (double)v[e] * wData[codes.Indices[e] * d + c];
                AssertClose(s, y[r, c], 1e-5, $"y[{r}, {c}]");
            }
        var grad = w.Grad!.Span;
        for (int i = 0; i < dw.Length; i++) AssertClose(dw[i], grad[i], 1e-5, $"dW[{i}]");
    }

    [Fact]
    public void SparseDecode_Gradients_MatchFiniteDifferences()
    {
        const int rows = 3, n = 7, d = 5;
        int[] offsets = [0, 2, 2, 5];
        int[] indices = [1, 6, 0, 3, 4];
        GradCheck.Check(
            t => Ops.SparseDecode(new SparseRows(rows, n, offsets, indices, t[0]), t[1], t[2]),
            [Reference.RandomArray(5, 1), Reference.RandomArray(n * d, 2), Reference.RandomArray(d, 3)],
            [[5], [n, d], [d]]);
    }

    [Fact]
    public void SparseDecode_SecondBackward_AccumulatesIntoLeafGradients()
    {
        using var scope = Scope();
        var codes = RandomCodes(4, 9, 3, 21);
        var w = Leaf(Reference.RandomArray(9 * 6, 5), 9, 6);
        var b = Leaf(Reference.RandomArray(6, 6), 6);
        BackwardWithProjection(Ops.SparseDecode(codes, w, b), 1);
        var single = (W: w.Grad!.ToArray(), V: codes.Values.Grad!.ToArray(), B: b.Grad!.ToArray());
        BackwardWithProjection(Ops.SparseDecode(codes, w, b), 1);
        for (int i = 0; i < single.W.Length; i++) Assert.Equal(2 * single.W[i], w.Grad![i], 5);
        for (int i = 0; i < single.V.Length; i++) Assert.Equal(2 * single.V[i], codes.Values.Grad![i], 5);
        for (int i = 0; i < single.B.Length; i++) Assert.Equal(2 * single.B[i], b.Grad![i], 5);
    }

    [Fact]
    public void SparseDecode_LargeBatch_BitIdenticalAcrossRuns()
    {
        (float[] Y, float[] Dv, float[] Dw, float[] Db) Run()
        {
            using var scope = Scope();
            var codes = RandomCodes(512, 256, 16, 5);
            var w = Leaf(Reference.RandomArray(256 * 72, 6), 256, 72);
            var b = Leaf(Reference.RandomArray(72, 7), 72);
            var y = Ops.SparseDecode(codes, w, b);
            BackwardWithProjection(y, 8);
            return (y.ToArray(), codes.Values.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
        }
        var a = Run();
        var c = Run();
        Assert.Equal(a.Y, c.Y);
        Assert.Equal(a.Dv, c.Dv);
        Assert.Equal(a.Dw, c.Dw);
        Assert.Equal(a.Db, c.Db);
    }
}
