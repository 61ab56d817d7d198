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

        var rowCounts = Tensor.Zeros(rows);
        long count = TensorBackend.Current.BiasRelu(y, Tensor.FromArray(bias, n), rowCounts);
        Assert.Equal(total, count);
        Assert.Equal(expected.Select(c => (float)c.Count), rowCounts.ToArray());
        for (int i = 0; i < data.Length; i++)
        {
            float v = data[i] + bias[i % n];
            if (float.IsNaN(v)) Assert.True(float.IsNaN(y.Span[i]));
            else Assert.Equal(Math.Max(v, 0f), y.Span[i]);
        }
        TensorBackend.Current.SelectPositive(y, rowCounts, (int)total, out var offsetTensor, out var indexTensor);
        int[] offsets = offsetTensor.ToArray(), indices = indexTensor.ToArray();
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

    /// <summary>
    /// The penalty returned with the codes, alone in the loss (the encoder's node then runs on the penalty's
    /// gradient only), against float64 formulas: value (1/R) sum_ij relu(p_ij) w_j with p = (x - c) W + b, and
    /// the gradients 1[p &gt; 0] w_j pushed through W, b and the centre, and the codes' column means to w.
    /// </summary>
    [Theory]
    [InlineData(0.0)] // dense codes: the gradient joins the encoder's masking pass
    [InlineData(1.0)] // sparse codes
    public void ReluEncode_PenaltyAlone_MatchesFloat64Formulas(double sparseBelow)
    {
        const int rows = 37, dIn = 11, dSae = 45;
        var xv = Reference.RandomArray(rows * dIn, 11);
        var wv = Reference.RandomArray(dIn * dSae, 12, 0.4f);
        var bv = Reference.RandomArray(dSae, 13, 0.3f);
        var cv = Reference.RandomArray(dIn, 14, 0.2f);
        var nv = Positive(dSae, 15);

        using var scope = Scope();
        Tensor x = Leaf(xv, rows, dIn), w = Leaf(wv, dIn, dSae), b = Leaf(bv, dSae), c = Leaf(cv, dIn), n = Leaf(nv, dSae);
        var codes = Ops.ReluEncode(x, w, b, c, sparseBelow, n);
        Assert.Equal(sparseBelow > 0, codes.IsSparse);
        Ops.MulScalar(codes.Penalty!, 3f).Backward();

        double value = 0;
        var dW = new double[dIn * dSae];
        var dB = new double[dSae];
        var dC = new double[dIn];
        var dX = new double[rows * dIn];
        var dN = new double[dSae];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < dSae; j++)
            {
                double pre = bv[j];
                for (int k = 0; k < dIn; k++) pre += ((double)xv[i * dIn + k] - cv[k]) * wv[k * dSae + j];
                if (pre <= 0) continue;
                value += pre * nv[j] / rows;
                dN[j] += 3.0 * pre / rows;
                double g = 3.0 * nv[j] / rows;
                dB[j] += g;
                for (int k = 0; k < dIn; k++)
                {
                    dW[k * dSae + j] += g * ((double)xv[i * dIn + k] - cv[k]);
                    dX[i * dIn + k] += g * wv[k * dSae + j];
                    dC[k] -= g * wv[k * dSae + j];
                }
            }
        AssertClose(value, codes.Penalty!.Span[0], 1e-5, "penalty");
        (string Name, Tensor T, double[] Expected)[] checks = [("x", x, dX), ("W_enc", w, dW), ("b_enc", b, dB), ("b_dec", c, dC), ("weights", n, dN)];
        foreach (var (name, t, expected) in checks)
        {
            var actual = t.Grad!.ToArray();
            for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], 1e-4, $"d{name}[{i}]");
        }
    }

    /// <summary>
    /// In a full SAE loss (reconstruction + weighted penalty, the weights being W_dec's row norms), the fused
    /// penalty gives the same value and gradients as the composed ops it replaces: mean(codes @ norms).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ReluEncode_PenaltyInAnSaeLoss_MatchesComposedOps(double sparseBelow)
    {
        const int rows = 29, dIn = 19, dSae = 83;
        var values = new[]
        {
            Reference.RandomArray(rows * dIn, 21), Reference.RandomArray(dIn * dSae, 22, 0.3f), Reference.RandomArray(dSae, 23, 0.3f),
            Reference.RandomArray(dIn, 24, 0.2f), Reference.RandomArray(dSae * dIn, 25, 0.3f),
        };
        int[][] shapes = [[rows, dIn], [dIn, dSae], [dSae], [dIn], [dSae, dIn]];

        (float Penalty, float[][] Grads) Run(bool fused)
        {
            using var scope = Scope();
            var p = values.Select((v, i) => Leaf(v, shapes[i])).ToArray();
            var norms = Ops.RowNorms(p[4]);
            var codes = Ops.ReluEncode(p[0], p[1], p[2], p[3], sparseBelow, fused ? norms : null);
            var dense = codes.IsSparse ? Ops.ToDense(codes.Sparse!) : codes.Dense!;
            var penalty = fused ? codes.Penalty! : Ops.Mean(Ops.MatMul(dense, Ops.Reshape(norms, dSae, 1)));
            var xHat = codes.IsSparse ? Ops.SparseDecode(codes.Sparse!, p[4], p[3]) : Ops.Linear(codes.Dense!, p[4], p[3]);
            Ops.Add(Ops.MseLoss(xHat, p[0]), Ops.MulScalar(penalty, 0.7f)).Backward();
            return (penalty.Span[0], p.Select(t => t.Grad!.ToArray()).ToArray());
        }

        var fused = Run(true);
        var composed = Run(false);
        AssertClose(composed.Penalty, fused.Penalty, 1e-5, "penalty");
        string[] names = ["x", "W_enc", "b_enc", "b_dec", "W_dec"];
        for (int k = 0; k < names.Length; k++)
            for (int i = 0; i < composed.Grads[k].Length; i++) AssertClose(composed.Grads[k][i], fused.Grads[k][i], 1e-4, $"d{names[k]}[{i}]");
    }

    [Fact]
    public void ReluEncode_PenaltyWeightsOfTheWrongLength_AreRejected()
    {
        using var scope = Scope();
        var x = Tensor.FromArray(Reference.RandomArray(4 * 3, 1), 4, 3);
        var w = Tensor.FromArray(Reference.RandomArray(3 * 8, 2), 3, 8);
        var error = Assert.Throws<ArgumentException>(() => Ops.ReluEncode(x, w, null, null, 0, Tensor.Zeros(7)));
        Assert.Contains("penalty weights", error.Message);
        Assert.Null(Ops.ReluEncode(x, w, null, null, 0).Penalty);
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
    /// <summary>
    /// Issue 14's suspected drift: a feature that never fires must get exactly zero gradients through the fused weighted
    /// penalty (its W_enc column, b_enc entry and W_dec row, norm term included), even after earlier steps left other
    /// values in the pooled buffers, so that Adam (m = v = 0) leaves it bit for bit where it was. A tiny non-zero there
    /// would become a full learning-rate step. Dense and sparse codes, several steps of an SAE loss.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ReluEncode_WeightedPenaltyOverSteps_FeaturesThatNeverFireKeepExactlyZeroGradientsAndDoNotMove(double sparseBelow)
    {
        const int rows = 48, dIn = 9, dSae = 40, steps = 4;
        int[] silent = [3, 17, 18, 39];
        var wEnc = Leaf(Reference.RandomArray(dIn * dSae, 31, 0.3f), dIn, dSae);
        var bEncValues = Reference.RandomArray(dSae, 32, 0.2f);
        foreach (int j in silent) bEncValues[j] = -100f; // never fires on inputs of this size
        var bEnc = Leaf(bEncValues, dSae);
        var wDec = Leaf(Reference.RandomArray(dSae * dIn, 33, 0.3f), dSae, dIn);
        var bDec = Leaf(Reference.RandomArray(dIn, 34, 0.2f), dIn);
        Tensor[] parameters = [wEnc, bEnc, wDec, bDec];
        var before = parameters.Select(p => p.ToArray()).ToArray();
        var adam = new SaePlatform.Tensors.Optimizers.Adam(parameters, new SaePlatform.Tensors.Optimizers.AdamOptions { LearningRate = 1e-2 });

        for (int step = 0; step < steps; step++)
        {
            using (var scope = Scope())
            {
                var x = Tensor.FromArray(Reference.RandomArray(rows * dIn, 40 + step), rows, dIn);
                var norms = Ops.RowNorms(wDec);
                var codes = Ops.ReluEncode(x, wEnc, bEnc, bDec, sparseBelow, norms);
                Assert.Equal(sparseBelow > 0, codes.IsSparse);
                var xHat = codes.IsSparse ? Ops.SparseDecode(codes.Sparse!, wDec, bDec) : Ops.Linear(codes.Dense!, wDec, bDec);
                Ops.Add(Ops.MseLoss(xHat, x), Ops.MulScalar(codes.Penalty!, 2f)).Backward();

                var gEnc = wEnc.Grad!.ToArray();
                var gBias = bEnc.Grad!.ToArray();
                var gDec = wDec.Grad!.ToArray();
                foreach (int j in silent)
                {
                    Assert.Equal(0f, gBias[j]);
                    for (int k = 0; k < dIn; k++)
                    {
                        Assert.True(gEnc[k * dSae + j] == 0f, $"step {step}: dW_enc[{k}, {j}] = {gEnc[k * dSae + j]:R}");
                        Assert.True(gDec[j * dIn + k] == 0f, $"step {step}: dW_dec[{j}, {k}] = {gDec[j * dIn + k]:R}");
                    }
                }
                Assert.Contains(gDec, v => v != 0f); // the firing features do learn
            }
            adam.Step();
            adam.ZeroGrad();
        }

        float[] afterEnc = wEnc.ToArray(), afterBias = bEnc.ToArray(), afterDec = wDec.ToArray();
        foreach (int j in silent)
        {
            Assert.Equal(before[1][j], afterBias[j]);
            for (int k = 0; k < dIn; k++)
            {
                Assert.Equal(before[0][k * dSae + j], afterEnc[k * dSae + j]);
                Assert.Equal(before[2][j * dIn + k], afterDec[j * dIn + k]);
            }
        }
    }
}
