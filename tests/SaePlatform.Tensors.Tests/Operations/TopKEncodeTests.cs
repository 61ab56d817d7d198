using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class TopKEncodeTests
{
    private sealed record Case(int Rows, int DIn, int DSae, float[] X, float[] W, float[] B)
    {
        public static Case Random(int rows, int dIn, int dSae, int seed) =>
            new(rows, dIn, dSae, Reference.RandomArray(rows * dIn, seed), Reference.RandomArray(dIn * dSae, seed + 1),
                Reference.RandomArray(dSae, seed + 2, 0.3f));

        /// <summary>h = x W + b in float64, rounded to float for the selection reference.</summary>
        public float[] H()
        {
            var xw = Reference.MatMul(X, Rows, DIn, false, W, DIn, DSae, false);
            var h = new float[xw.Length];
            for (int i = 0; i < h.Length; i++) h[i] = (float)(xw[i] + B[i % DSae]);
            return h;
        }
    }

    /// <summary>Checks dx, dW_enc and db_enc of sum(values * g) against the dense float64 formulas.</summary>
    private static void AssertEncoderGradients(Case c, SparseRows s, float[] g, Tensor x, Tensor w, Tensor b, bool relu)
    {
        var dh = new double[c.Rows * c.DSae];
        for (int r = 0; r < c.Rows; r++)
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                if (!relu || s.Values[e] > 0) dh[r * c.DSae + s.Indices[e]] += g[e];
        var dhf = dh.Select(v => (float)v).ToArray();
        var dx = Reference.MatMul(dhf, c.Rows, c.DSae, false, c.W, c.DIn, c.DSae, true);
        var dw = Reference.MatMul(c.X, c.Rows, c.DIn, true, dhf, c.Rows, c.DSae, false);
        for (int i = 0; i < dx.Length; i++) AssertClose(dx[i], x.Grad![i], 1e-5, $"dx[{i}]");
        for (int i = 0; i < dw.Length; i++) AssertClose(dw[i], w.Grad![i], 1e-5, $"dW_enc[{i}]");
        for (int j = 0; j < c.DSae; j++)
        {
            double s2 = 0;
            for (int r = 0; r < c.Rows; r++) s2 += dh[r * c.DSae + j];
            AssertClose(s2, b.Grad![j], 1e-5, $"db_enc[{j}]");
        }
    }

    [Theory]
    [InlineData(5, 3, 11, 2)]
    [InlineData(9, 13, 53, 5)]    // odd sizes: scalar edges of the transposed write
    [InlineData(130, 40, 528, 16)] // AVX tiles and parallel paths
    public void TopKEncode_RandomShapes_MatchesDenseSelectionAndGradients(int rows, int dIn, int dSae, int k)
    {
        using var scope = Scope();
        var c = Case.Random(rows, dIn, dSae, rows + dSae);
        var x = Leaf(c.X, rows, dIn);
        var w = Leaf(c.W, dIn, dSae);
        var b = Leaf(c.B, dSae);
        var s = Ops.TopKEncode(x, w, b, k);

        var h = c.H();
        var expected = TopKColumns(h, rows, dSae, k);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(expected[r], RowColumns(s, r));
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                AssertClose(Math.Max(0, h[r * dSae + s.Indices[e]]), s.Values[e], 1e-5, $"value {e}");
        }
        var g = BackwardWithProjection(s.Values, 3);
        AssertEncoderGradients(c, s, g, x, w, b, relu: true);
    }

    [Fact]
    public void TopKEncode_DecoderNorms_RankByScaledButReturnUnscaled()
    {
        using var scope = Scope();
        var c = Case.Random(8, 6, 19, 40);
        var norms = Reference.RandomArray(19, 41).Select(v => 0.1f + Math.Abs(v) * 3).ToArray();
        var s = Ops.TopKEncode(Tensor.FromArray(c.X, 8, 6), Tensor.FromArray(c.W, 6, 19), Tensor.FromArray(c.B, 19), 4,
            Tensor.FromArray(norms, 19));
        var h = c.H();
        var expected = TopKColumns(h, 8, 19, 4, scale: norms);
        for (int r = 0; r < 8; r++)
        {
            Assert.Equal(expected[r], RowColumns(s, r));
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                AssertClose(Math.Max(0, h[r * 19 + s.Indices[e]]), s.Values[e], 1e-5, $"value {e}");
        }
    }

    [Fact]
    public void TopKEncode_WellSeparatedPreActivations_GradientsMatchFiniteDifferences()
    {
        // b_enc spaced 0.1 apart and x, W small, so a finite-difference step never changes the selection.
        const int rows = 3, dIn = 4, dSae = 8, k = 3;
        GradCheck.Check(t => Ops.TopKEncode(t[0], t[1], t[2], k).Values,
            [Reference.RandomArray(rows * dIn, 1, 0.1f), Reference.RandomArray(dIn * dSae, 2, 0.1f), WellSeparated(dSae, 3)],
            [[rows, dIn], [dIn, dSae], [dSae]]);
    }

    [Fact]
    public void TopKEncode_WithAux_SelectsAmongDeadFeaturesWithSparseGradients()
    {
        using var scope = Scope();
        var c = Case.Random(7, 5, 30, 60);
        var x = Leaf(c.X, 7, 5);
        var w = Leaf(c.W, 5, 30);
        var b = Leaf(c.B, 30);
        var dead = new bool[30];
        foreach (int j in new[] { 0, 3, 7, 8, 20, 29 }) dead[j] = true;
        Ops.TopKEncode(x, w, b, 4, null, dead, auxK: 3, out var aux);

        var h = c.H();
        var expected = TopKColumns(h, 7, 30, 3, allowed: dead);
        for (int r = 0; r < 7; r++)
        {
            Assert.Equal(expected[r], RowColumns(aux, r));
            for (int e = aux.RowOffsets[r]; e < aux.RowOffsets[r + 1]; e++)
                AssertClose(h[r * 30 + aux.Indices[e]], aux.Values[e], 1e-5, $"aux value {e}"); // no ReLU
        }
        var g = BackwardWithProjection(aux.Values, 5);
        AssertEncoderGradients(c, aux, g, x, w, b, relu: false);
    }

    [Fact]
    public void BatchTopKEncode_MatchesBatchTopKOfDenseAndItsGradients()
    {
        using var scope = Scope();
        var c = Case.Random(12, 7, 45, 80);
        var x = Leaf(c.X, 12, 7);
        var w = Leaf(c.W, 7, 45);
        var b = Leaf(c.B, 45);
        var s = Ops.BatchTopKEncode(x, w, b, 3, out float minKept);
        var h = c.H();
        var kept = Enumerable.Range(0, h.Length).Where(i => h[i] > 0).OrderByDescending(i => h[i]).ThenBy(i => i).Take(36).ToHashSet();
        var got = new HashSet<int>();
        for (int r = 0; r < 12; r++) foreach (int j in RowColumns(s, r)) got.Add(r * 45 + j);
        Assert.True(kept.SetEquals(got));
        AssertClose(kept.Min(i => h[i]), minKept, 1e-5, "min kept");
        var g = BackwardWithProjection(s.Values, 6);
        AssertEncoderGradients(c, s, g, x, w, b, relu: true);
    }

    [Fact]
    public void TopKEncode_LargeBatch_BitIdenticalAcrossRuns()
    {
        (int[] I, float[] V, float[] Dx, float[] Dw, float[] Db) Run()
        {
            using var scope = Scope();
            var c = Case.Random(256, 24, 512, 90);
            var x = Leaf(c.X, 256, 24);
            var w = Leaf(c.W, 24, 512);
            var b = Leaf(c.B, 512);
            var s = Ops.TopKEncode(x, w, b, 12);
            BackwardWithProjection(s.Values, 7);
            return (s.Indices.ToArray(), s.Values.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
        }
        var a = Run();
        var d = Run();
        Assert.Equal(a.I, d.I);
        Assert.Equal(a.V, d.V);
        Assert.Equal(a.Dx, d.Dx);
        Assert.Equal(a.Dw, d.Dw);
        Assert.Equal(a.Db, d.Db);
    }
}
