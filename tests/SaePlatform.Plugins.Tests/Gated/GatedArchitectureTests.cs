using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Plugins.Gated;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.Float64;

namespace SaePlatform.Plugins.Tests.Gated;

public sealed class GatedArchitectureTests
{
    private const int DIn = 3, DSae = 4, Rows = 2;
    private const float Lambda = 0.7f;

    /// <summary>The tiny problem's parameters and input, float32-representable.</summary>
    private sealed class Problem
    {
        public double[] X = [], WEnc = [], WDec = [], BDec = [], BGate = [], BMag = [], RMag = [];

        public static Problem Create(int seed)
        {
            var rng = new Random(seed);
            return new Problem
            {
                X = Random(rng, Rows * DIn, 1.5), WEnc = Random(rng, DIn * DSae), WDec = Random(rng, DSae * DIn),
                BDec = Random(rng, DIn, 0.3), BGate = Random(rng, DSae, 0.3), BMag = Random(rng, DSae, 0.3), RMag = Random(rng, DSae, 0.5),
            };
        }

        public Dictionary<string, SaePlatform.Tensors.Tensor> State() => TinySae.State(
            ("W_enc", WEnc, [DIn, DSae]), ("W_dec", WDec, [DSae, DIn]), ("b_dec", BDec, [DIn]),
            ("b_gate", BGate, [DSae]), ("b_mag", BMag, [DSae]), ("r_mag", RMag, [DSae]));
    }

    /// <summary>SAE_REFERENCE.md "gated", written out in float64 with the magnitude weights W_enc * exp(r_mag) formed explicitly.</summary>
    private sealed record Reference(double[] Features, double[] Reconstruction, double Mse, double Sparsity, double Aux)
    {
        public double Total => Mse + Sparsity + Aux;

        public static Reference Of(Problem p, double[]? frozenWDec = null, double[]? frozenBDec = null)
        {
            var xc = SubRow(p.X, p.BDec);
            var gatePre = AddRow(MatMul(xc, Rows, DIn, p.WEnc, DSae), p.BGate);
            var wMag = new double[DIn * DSae];
            for (int j = 0; j < DIn; j++)
                for (int i = 0; i < DSae; i++) wMag[j * DSae + i] = p.WEnc[j * DSae + i] * Math.Exp(p.RMag[i]);
            var magPre = AddRow(MatMul(xc, Rows, DIn, wMag, DSae), p.BMag);
            var f = new double[Rows * DSae];
            var gateRelu = new double[Rows * DSae];
            for (int k = 0; k < f.Length; k++)
            {
                f[k] = gatePre[k] > 0 ? Math.Max(magPre[k], 0) : 0;
                gateRelu[k] = Math.Max(gatePre[k], 0);
            }
            var xHat = AddRow(MatMul(f, Rows, DSae, p.WDec, DIn), p.BDec);
            var norms = RowNorms(p.WDec, DSae, DIn);
            double sparsity = 0;
            for (int b = 0; b < Rows; b++)
                for (int i = 0; i < DSae; i++) sparsity += gateRelu[b * DSae + i] * norms[i];
            var auxHat = AddRow(MatMul(gateRelu, Rows, DSae, frozenWDec ?? p.WDec, DIn), frozenBDec ?? p.BDec);
            return new Reference(f, xHat, Float64.Mse(xHat, p.X, Rows), Lambda * sparsity / Rows, Float64.Mse(auxHat, p.X, Rows));
        }
    }

    // sparse: every step takes the sparse path (open gates in CSR form), whatever the density; otherwise dense.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_TinyInput_MatchesFloat64Reference(bool sparse)
    {
        var p = Problem.Create(1);
        var sae = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, SparseBelow = sparse ? 1.0 : 0.0 });
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);
        var expected = Reference.Of(p);

        Assert.Contains(expected.Features, v => v > 0);
        Assert.Contains(expected.Features, v => v == 0);
        TinySae.AssertClose(expected.Features, run.Features, "f");
        TinySae.AssertClose(expected.Reconstruction, run.Reconstruction, "x_hat");
        TinySae.AssertClose(expected.Mse, run.Losses[MetricNames.MseLoss], "mse");
        TinySae.AssertClose(expected.Sparsity, run.Losses[MetricNames.SparsityLoss], "sparsity");
        TinySae.AssertClose(expected.Aux, run.Losses[MetricNames.AuxiliaryLoss], "aux");
        Assert.Equal(3, run.Losses.Count);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Backward_TinyInput_EveryParameterGradientMatchesFiniteDifferences(bool detach, bool sparse)
    {
        var p = Problem.Create(1);
        var sae = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, DetachAuxDecoder = detach, SparseBelow = sparse ? 1.0 : 0.0 });
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);

        // Detached: the aux term sees W_dec and b_dec as constants frozen at their current values.
        double[]? frozenW = detach ? (double[])p.WDec.Clone() : null, frozenB = detach ? (double[])p.BDec.Clone() : null;
        double Loss() => Reference.Of(p, frozenW, frozenB).Total;
        Assert.Equal(["W_dec", "W_enc", "b_dec", "b_gate", "b_mag", "r_mag"], run.Gradients.Keys.Order(StringComparer.Ordinal));
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WEnc, Loss), run.Gradients["W_enc"], "W_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WDec, Loss), run.Gradients["W_dec"], "W_dec");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BDec, Loss), run.Gradients["b_dec"], "b_dec");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BGate, Loss), run.Gradients["b_gate"], "b_gate");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BMag, Loss), run.Gradients["b_mag"], "b_mag");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.RMag, Loss), run.Gradients["r_mag"], "r_mag");
    }

    [Fact]
    public void Backward_DetachAuxDecoder_ChangesDecoderGradientOnly()
    {
        var p = Problem.Create(1);
        var attached = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae });
        var detached = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, DetachAuxDecoder = true });
        TinySae.Prepare(attached, DIn, p.State());
        TinySae.Prepare(detached, DIn, p.State());

        var a = TinySae.ForwardBackward(attached, p.X, Rows, Lambda);
        var d = TinySae.ForwardBackward(detached, p.X, Rows, Lambda);

        Assert.NotEqual(a.Gradients["W_dec"], d.Gradients["W_dec"]);
        Assert.Equal(a.Gradients["b_gate"], d.Gradients["b_gate"]);
        Assert.Equal(a.Losses[MetricNames.AuxiliaryLoss], d.Losses[MetricNames.AuxiliaryLoss]);
    }

    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90WithL0WellBelowDSae()
    {
        var sae = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.3f, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }

    [Fact]
    public void Train_SyntheticToyWithSparseStepsForced_ReachesExplainedVariance90()
    {
        var sae = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128, SparseBelow = 1.0 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.3f, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameOutputsAndSaeLensGatedLayout()
    {
        var trained = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = 12 });
        var fresh = new GatedArchitecture(new GatedOptions { BDecInit = DecoderBiasInit.Zero, DSae = 12 });

        var saved = SaveLoad.RoundTrip(trained, fresh, dIn: 5);

        SaveLoad.AssertLayout(saved, new Dictionary<string, int[]>
        {
            ["W_enc"] = [5, 12], ["W_dec"] = [12, 5], ["b_dec"] = [5], ["b_gate"] = [12], ["b_mag"] = [12], ["r_mag"] = [12],
        });
        SaveLoad.AssertSameOutputs(trained, fresh, dIn: 5);
        Assert.Equal("gated", fresh.Description.SavedArchitecture);
    }
}
