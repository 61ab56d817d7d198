using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Plugins.JumpRelu;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.Float64;

namespace SaePlatform.Plugins.Tests.JumpRelu;

public sealed class JumpReluArchitectureTests
{
    private const int DIn = 3, DSae = 4, Rows = 2;
    private const float Lambda = 0.7f;
    private const double Bandwidth = 0.05, TanhScale = 4;

    private sealed class Problem
    {
        public double[] X = [], WEnc = [], WDec = [], BEnc = [], BDec = [], Threshold = [];

        /// <summary>
        /// Random weights; thresholds placed by hand: feature 0 just below h[0,0] and feature 1 just above
        /// h[1,1] (both inside the kernel window |h - theta| &lt; eps/2), feature 2 low, feature 3 above every h.
        /// </summary>
        public static Problem Create(int seed)
        {
            var rng = new Random(seed);
            var p = new Problem
            {
                X = Random(rng, Rows * DIn, 1.5), WEnc = Random(rng, DIn * DSae), WDec = Random(rng, DSae * DIn),
                BEnc = Random(rng, DSae, 0.2, 0.3), BDec = Random(rng, DIn, 0.3),
            };
            var h = p.PreActivation();
            p.Threshold = [(float)(h[0] - 0.01), (float)(h[DSae + 1] + 0.01), 0.02, 50];
            return p;
        }

        public double[] PreActivation() => AddRow(MatMul(SubRow(X, BDec), Rows, DIn, WEnc, DSae), BEnc);

        public Dictionary<string, SaePlatform.Tensors.Tensor> State() => TinySae.State(
            ("W_enc", WEnc, [DIn, DSae]), ("W_dec", WDec, [DSae, DIn]), ("b_enc", BEnc, [DSae]), ("b_dec", BDec, [DIn]),
            ("threshold", Threshold, [DSae]));
    }

    /// <summary>SAE_REFERENCE.md "jumprelu" in float64, with dLoss/df for the threshold pseudo-gradient.</summary>
    private sealed record Reference(double[] PreActivation, double[] Features, double[] Reconstruction, double Mse, double Sparsity, double[] LossPerFeature)
    {
        public double Total => Mse + Sparsity;

        public static Reference Of(Problem p, bool tanh)
        {
            var h = p.PreActivation();
            var f = new double[h.Length];
            for (int k = 0; k < h.Length; k++) f[k] = h[k] > p.Threshold[k % DSae] ? h[k] : 0;
            var xHat = AddRow(MatMul(f, Rows, DSae, p.WDec, DIn), p.BDec);
            var norms = RowNorms(p.WDec, DSae, DIn);
            double s = 0;
            var dLdf = new double[f.Length];
            for (int b = 0; b < Rows; b++)
                for (int i = 0; i < DSae; i++)
                {
                    int k = b * DSae + i;
                    double t = Math.Tanh(TanhScale * f[k] * norms[i]);
                    s += tanh ? t : (h[k] > p.Threshold[i] ? 1 : 0);
                    for (int j = 0; j < DIn; j++) dLdf[k] += 2.0 / Rows * (xHat[b * DIn + j] - p.X[b * DIn + j]) * p.WDec[i * DIn + j];
                    if (tanh) dLdf[k] += Lambda / (double)Rows * TanhScale * norms[i] * (1 - t * t);
                }
            return new Reference(h, f, xHat, Float64.Mse(xHat, p.X, Rows), Lambda * s / Rows, dLdf);
        }

        /// <summary>
        /// The rectangle-kernel pseudo-gradient (SAE_REFERENCE.md "jumprelu"): through f, -(theta/eps) K(u) dL/df;
        /// through the step L0, -(1/eps) K(u) lambda / B; K(u) = 1[|u| &lt; 1/2], u = (h - theta)/eps.
        /// </summary>
        public double[] ThresholdGradient(Problem p, bool tanh)
        {
            var g = new double[DSae];
            for (int b = 0; b < Rows; b++)
                for (int i = 0; i < DSae; i++)
                {
                    int k = b * DSae + i;
                    double theta = p.Threshold[i];
                    double kernel = Math.Abs((PreActivation[k] - theta) / Bandwidth) < 0.5 ? 1 : 0;
                    g[i] += -(theta / Bandwidth) * kernel * LossPerFeature[k];
                    if (!tanh) g[i] += -(1 / Bandwidth) * kernel * Lambda / Rows;
                }
            return g;
        }
    }

    private static JumpReluArchitecture Create(bool tanh, int dSae = DSae) => new(new JumpReluOptions
    {
        DSae = dSae, SparsityLoss = tanh ? JumpReluSparsityLoss.Tanh : JumpReluSparsityLoss.Step, BDecInit = DecoderBiasInit.Zero,
    });

    // SAELens's pre_act_loss: c * mean_b sum_i ReLU(theta_i - h_bi) * dead_i * ||W_dec,i||, in float64.
    private static double PreActLoss(Problem p, bool[] dead, double c)
    {
        var h = p.PreActivation();
        var norms = RowNorms(p.WDec, DSae, DIn);
        double sum = 0;
        for (int b = 0; b < Rows; b++)
            for (int i = 0; i < DSae; i++)
                if (dead[i]) sum += Math.Max(0, p.Threshold[i] - h[b * DSae + i]) * norms[i];
        return c * sum / Rows;
    }

    [Fact]
    public void Forward_PreActLossAfterTheDeadWindow_MatchesFloat64ReferenceAndGradients()
    {
        const double C = 0.01;
        var p = Problem.Create(2);
        var jumpRelu = new JumpReluArchitecture(new JumpReluOptions { DSae = DSae, PreActLossCoefficient = C, BDecInit = DecoderBiasInit.Zero });
        jumpRelu.Initialize(new SaeInitContext(DIn, 1, null, ReadOnlyMemory<float>.Empty));
        jumpRelu.Load(p.State());
        var sae = new TrackedSae(jumpRelu, window: 1);

        // Step 0: nothing is dead yet, so the term is zero; features silent in it are dead at step 1 (window 1).
        var first = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);
        Assert.Equal(0.0, first.Losses[MetricNames.PreActLoss]);
        foreach (var parameter in sae.Parameters) parameter.Grad = null;

        var expected = Reference.Of(p, tanh: false);
        var dead = new bool[DSae];
        for (int i = 0; i < DSae; i++) dead[i] = expected.Features[i] == 0 && expected.Features[DSae + i] == 0;
        Assert.Contains(true, dead);
        Assert.Contains(false, dead);
        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);

        double preAct = PreActLoss(p, dead, C);
        Assert.True(preAct > 1e-3, $"reference pre-activation loss {preAct}");
        TinySae.AssertClose(preAct, run.Losses[MetricNames.PreActLoss], "pre_act_loss");
        double Loss() => Reference.Of(p, tanh: false).Total + PreActLoss(p, dead, C);
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WEnc, Loss), run.Gradients["W_enc"], "W_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WDec, Loss), run.Gradients["W_dec"], "W_dec");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BEnc, Loss), run.Gradients["b_enc"], "b_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BDec, Loss), run.Gradients["b_dec"], "b_dec");
        // theta: the kernel pseudo-gradient of the other terms plus c/B * sum_b 1[theta_i > h_bi] * dead_i * ||W_dec,i||.
        var theta = expected.ThresholdGradient(p, tanh: false);
        var h = p.PreActivation();
        var norms = RowNorms(p.WDec, DSae, DIn);
        for (int b = 0; b < Rows; b++)
            for (int i = 0; i < DSae; i++)
                if (dead[i] && p.Threshold[i] > h[b * DSae + i]) theta[i] += C / Rows * norms[i];
        TinySae.AssertGradient(theta, run.Gradients["threshold"], "threshold");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_TinyInput_MatchesFloat64Reference(bool tanh)
    {
        var p = Problem.Create(2);
        var sae = Create(tanh);
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);
        var expected = Reference.Of(p, tanh);

        Assert.Contains(expected.Features, v => v != 0);
        Assert.Contains(expected.Features, v => v == 0);
        TinySae.AssertClose(expected.Features, run.Features, "f");
        TinySae.AssertClose(expected.Reconstruction, run.Reconstruction, "x_hat");
        TinySae.AssertClose(expected.Mse, run.Losses[MetricNames.MseLoss], "mse");
        TinySae.AssertClose(expected.Sparsity, run.Losses[MetricNames.SparsityLoss], "sparsity");
        Assert.Equal(2, run.Losses.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_TinyInput_WeightGradientsMatchFiniteDifferencesAndThresholdTheKernelFormula(bool tanh)
    {
        var p = Problem.Create(2);
        var sae = Create(tanh);
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);

        double Loss() => Reference.Of(p, tanh).Total;
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WEnc, Loss), run.Gradients["W_enc"], "W_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WDec, Loss), run.Gradients["W_dec"], "W_dec");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BEnc, Loss), run.Gradients["b_enc"], "b_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BDec, Loss), run.Gradients["b_dec"], "b_dec");
        var thresholdGradient = Reference.Of(p, tanh).ThresholdGradient(p, tanh);
        Assert.NotEqual(0, thresholdGradient[0]);
        Assert.NotEqual(0, thresholdGradient[1]);
        TinySae.AssertGradient(thresholdGradient, run.Gradients["threshold"], "threshold");
    }

    [Theory]
    [InlineData(false, 3000, 0.1f)]
    [InlineData(true, 3000, 0.1f)]
    public void Train_SyntheticToy_ReachesExplainedVariance90WithL0WellBelowDSae(bool tanh, int steps, float sparsity)
    {
        var sae = Create(tanh, dSae: 128);

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: steps, sparsity: sparsity, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameOutputsAndSaeLensJumpReluLayout()
    {
        var trained = Create(tanh: false, dSae: 12);
        var fresh = Create(tanh: false, dSae: 12);

        var saved = SaveLoad.RoundTrip(trained, fresh, dIn: 5);

        SaveLoad.AssertLayout(saved, new Dictionary<string, int[]>
        {
            ["W_enc"] = [5, 12], ["W_dec"] = [12, 5], ["b_enc"] = [12], ["b_dec"] = [5], ["threshold"] = [12],
        });
        SaveLoad.AssertSameOutputs(trained, fresh, dIn: 5);
        Assert.Equal("jumprelu", fresh.Description.SavedArchitecture);
    }
}
