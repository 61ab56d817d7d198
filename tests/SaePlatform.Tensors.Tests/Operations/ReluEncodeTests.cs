using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class ReluEncodeTests
{
    [Theory]
    [InlineData(5, 13)]
    [InlineData(70, 1037)] // parallel rows, vector and scalar columns
    public void BiasReluAndSelectPositive_MatchNaiveScan(int rows, int n)
    {
        using var scope = Scope();
        var data = Reference.RandomArray(rows * n, rows + n);
        var bias = Reference.RandomArray(n, 7, 0.3f);
        data[3] = -bias[3]; // exactly zero after the bias: not selected
        data[n + 2] = float.NaN; // NaN stays NaN and counts as selected, so a diverged value is not dropped
        var y = Tensor.FromArray(data, rows, n);
        var expected = new List<int>[rows];
        long total = 0;
        for (int r = 0; r < rows; r++)
        {
            expected[r] = [];
            for (int j = 0; j < n; j++)
            {
                float v = data[r * n + j] + bias[j];
                if (v > 0 || float.IsNaN(v)) expected[r].Add(j);
            }
            total += expected[r].Count;
        }

        var rowCounts = new int[rows];
        long count = TensorBackend.Current.BiasRelu(y, Tensor.FromArray(bias, n), rowCounts);
        Assert.Equal(total, count);
        Assert.Equal(expected.Select(c => c.Count), rowCounts);
        for (int i = 0; i < data.Length; i++)
        {
            float v = data[i] + bias[i % n];
            if (float.IsNaN(v)) Assert.True(float.IsNaN(y.Span[i]));
            else Assert.Equal(Math.Max(v, 0f), y.Span[i]);
        }
        TensorBackend.Current.SelectPositive(y, rowCounts, out var offsets, out var indices);
        Assert.Equal(total, offsets[rows]);
        for (int r = 0; r < rows; r++) Assert.Equal(expected[r], indices[offsets[r]..offsets[r + 1]]);
    }

    /// <summary>
    /// The sparse branch against the dense one on the same SAE-shaped problem: codes, reconstruction loss and
    /// every gradient (W_enc, b_enc, the b_dec centre, x, W_dec) agree; the dense branch is LinearRelu, tested
    /// against finite differences elsewhere.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReluEncode_SparseAndDenseBranches_AgreeInCodesLossAndGradients(bool inputNeedsGrad)
    {
        const int rows = 41, dIn = 23, dSae = 97;
        var xv = Reference.RandomArray(rows * dIn, 1);
        var wv = Reference.RandomArray(dIn * dSae, 2, 0.3f);
        var bv = Reference.RandomArray(dSae, 3, 0.3f);
        for (int j = 0; j < dSae; j++) bv[j] -= 0.4f; // about one entry in five fires
        var cv = Reference.RandomArray(dIn, 4, 0.2f);
        var dv = Reference.RandomArray(dSae * dIn, 5, 0.3f);

        (float[] Codes, float Loss, double Density, float[][] Grads) Run(double sparseBelow)
        {
            using var scope = Scope();
            Tensor[] p = [Leaf(xv, rows, dIn), Leaf(wv, dIn, dSae), Leaf(bv, dSae), Leaf(cv, dIn), Leaf(dv, dSae, dIn)];
            p[0].RequiresGrad = inputNeedsGrad;
            var codes = Ops.ReluEncode(p[0], p[1], p[2], p[3], sparseBelow);
            Assert.Equal(sparseBelow > 0, codes.IsSparse);
            var xHat = codes.IsSparse ? Ops.SparseDecode(codes.Sparse!, p[4], p[3]) : Ops.Linear(codes.Dense!, p[4], p[3]);
            var dense = codes.IsSparse ? Ops.ToDense(codes.Sparse!) : codes.Dense!;
            // The penalty reads the dense view, so ToDense's gradient is exercised too.
            var loss = Ops.Add(Ops.MseLoss(xHat, p[0]), Ops.MulScalar(Ops.Sum(dense), 0.01f));
            loss.Backward();
            var grads = p.Select(t => t.RequiresGrad ? t.Grad!.ToArray() : []).ToArray();
            return (dense.ToArray(), loss.Span[0], codes.Density, grads);
        }

        var sparse = Run(1.0);
        var denseRun = Run(0.0);
        Assert.Equal(denseRun.Codes, sparse.Codes); // the same values, only stored differently
        Assert.InRange(sparse.Density, 0.05, 0.5);
        Assert.Equal(sparse.Density, denseRun.Density);
        AssertClose(denseRun.Loss, sparse.Loss, 1e-5, "loss");
        string[] names = ["x", "W_enc", "b_enc", "b_dec", "W_dec"];
        for (int k = 0; k < names.Length; k++)
        {
            Assert.Equal(denseRun.Grads[k].Length, sparse.Grads[k].Length);
            for (int i = 0; i < denseRun.Grads[k].Length; i++) AssertClose(denseRun.Grads[k][i], sparse.Grads[k][i], 1e-4, $"d{names[k]}[{i}]");
        }
    }

    [Fact]
    public void ReluEncode_DensityAboveTheLimit_StaysDense()
    {
        using var scope = Scope();
        var x = Tensor.FromArray(Reference.RandomArray(8 * 5, 1), 8, 5);
        var w = Tensor.FromArray(Reference.RandomArray(5 * 64, 2), 5, 64);
        var all = Ops.ReluEncode(x, w, null, null, 1.0);
        double density = all.Density;
        Assert.InRange(density, 0.2, 0.8); // random weights: about half the entries fire
        Assert.False(Ops.ReluEncode(x, w, null, null, density * 0.99).IsSparse);
        Assert.True(Ops.ReluEncode(x, w, null, null, density).IsSparse);
        Assert.Throws<ArgumentException>(() => Ops.ReluEncode(x, w, null, null, 1.5));
    }

    [Fact]
    public void ToDense_GradientMatchesFiniteDifferences()
    {
        var values = Reference.RandomArray(5, 9);
        GradCheck.Check(t =>
        {
            var codes = new Sparse.SparseRows(3, 4, [0, 2, 2, 5], [0, 3, 0, 1, 2], t[0]);
            return Ops.ToDense(codes);
        }, [values], [[5]]);
    }

    [Fact]
    public void GatherByFeature_ReadsEachEntrysColumnAndSumsGradientsBack()
    {
        using var scope = Scope();
        var v = Leaf([10f, 20f, 30f, 40f], 4);
        var codes = new Sparse.SparseRows(3, 4, [0, 2, 2, 5], [0, 3, 0, 1, 3], Tensor.Zeros(5));
        var picked = Ops.GatherByFeature(v, codes);
        Assert.Equal(new[] { 10f, 40f, 10f, 20f, 40f }, picked.ToArray());
        var r = BackwardWithProjection(picked, 3);
        Assert.Equal(new[] { r[0] + r[2], r[3], 0f, r[1] + r[4] }, v.Grad!.ToArray());
        Assert.Throws<ArgumentException>(() => Ops.GatherByFeature(Tensor.Zeros(3), codes));
    }
}
