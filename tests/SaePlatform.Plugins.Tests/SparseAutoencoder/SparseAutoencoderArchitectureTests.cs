using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.SparseAutoencoder;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.Float64;

namespace SaePlatform.Plugins.Tests.SparseAutoencoder;

public sealed class SparseAutoencoderArchitectureTests
{
    private const int DIn = 3, DSae = 4, Rows = 2;
    private const float Lambda = 0.7f;

    private sealed class Problem
    {
        public double[] X = [], WEnc = [], WDec = [], BEnc = [], BDec = [];

        public static Problem Create(int seed, bool tied)
        {
            var rng = new Random(seed);
            var p = new Problem
            {
                X = Random(rng, Rows * DIn, 1.5), WEnc = Random(rng, DIn * DSae), WDec = Random(rng, DSae * DIn),
                BEnc = Random(rng, DSae, 0.3), BDec = Random(rng, DIn, 0.3),
            };
            if (tied) p.WDec = Transpose(p.WEnc, DIn, DSae);
            return p;
        }

        public Dictionary<string, SaePlatform.Tensors.Tensor> State() => TinySae.State(
            ("W_enc", WEnc, [DIn, DSae]), ("W_dec", WDec, [DSae, DIn]), ("b_enc", BEnc, [DSae]), ("b_dec", BDec, [DIn]));
    }

    /// <summary>
    /// SAE_REFERENCE.md "sparse_ae" in float64: f = act(x_c W_enc + b_enc), x_hat = f W_dec + b_dec with
    /// W_dec = W_enc^T when tied; default penalty mean_b sum_i |f_i| ||W_dec,i||.
    /// </summary>
    private sealed record Reference(double[] Features, double[] Reconstruction, double Mse, double Sparsity)
    {
        public double Total => Mse + Sparsity;

        public static Reference Of(Problem p, bool sigmoid, bool tied)
        {
            var wDec = tied ? Transpose(p.WEnc, DIn, DSae) : p.WDec;
            var f = AddRow(MatMul(SubRow(p.X, p.BDec), Rows, DIn, p.WEnc, DSae), p.BEnc);
            for (int k = 0; k < f.Length; k++) f[k] = sigmoid ? 1 / (1 + Math.Exp(-f[k])) : Math.Max(f[k], 0);
            var xHat = AddRow(MatMul(f, Rows, DSae, wDec, DIn), p.BDec);
            var norms = RowNorms(wDec, DSae, DIn);
            double s = 0;
            for (int k = 0; k < f.Length; k++) s += Math.Abs(f[k]) * norms[k % DSae];
            return new Reference(f, xHat, Float64.Mse(xHat, p.X, Rows), Lambda * s / Rows);
        }
    }

    private static SparseAutoencoderArchitecture Create(bool sigmoid, bool tied, int dSae = DSae) => new(new SparseAutoencoderOptions
    {
        DSae = dSae, TiedWeights = tied, BDecInit = DecoderBiasInit.Zero, Activation = sigmoid ? SparseCodeActivation.Sigmoid : SparseCodeActivation.Relu,
    });

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Forward_TinyInput_MatchesFloat64Reference(bool sigmoid, bool tied)
    {
        var p = Problem.Create(3, tied);
        var sae = Create(sigmoid, tied);
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);
        var expected = Reference.Of(p, sigmoid, tied);

        if (!sigmoid) Assert.Contains(expected.Features, v => v == 0);
        TinySae.AssertClose(expected.Features, run.Features, "f");
        TinySae.AssertClose(expected.Reconstruction, run.Reconstruction, "x_hat");
        TinySae.AssertClose(expected.Mse, run.Losses[MetricNames.MseLoss], "mse");
        TinySae.AssertClose(expected.Sparsity, run.Losses[MetricNames.SparsityLoss], "sparsity");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Backward_TinyInput_EveryParameterGradientMatchesFiniteDifferences(bool sigmoid, bool tied)
    {
        var p = Problem.Create(3, tied);
        var sae = Create(sigmoid, tied);
        TinySae.Prepare(sae, DIn, p.State());

        var run = TinySae.ForwardBackward(sae, p.X, Rows, Lambda);

        double Loss() => Reference.Of(p, sigmoid, tied).Total;
        string[] trainable = tied ? ["W_enc", "b_dec", "b_enc"] : ["W_dec", "W_enc", "b_dec", "b_enc"];
        Assert.Equal(trainable, run.Gradients.Keys.Order(StringComparer.Ordinal));
        TinySae.AssertGradient(FiniteDifference.Gradient(p.WEnc, Loss), run.Gradients["W_enc"], "W_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BEnc, Loss), run.Gradients["b_enc"], "b_enc");
        TinySae.AssertGradient(FiniteDifference.Gradient(p.BDec, Loss), run.Gradients["b_dec"], "b_dec");
        if (!tied) TinySae.AssertGradient(FiniteDifference.Gradient(p.WDec, Loss), run.Gradients["W_dec"], "W_dec");
    }

    [Fact]
    public void Options_Default_LatentWidthIsTwiceTheInputWidth()
    {
        var sae = new SparseAutoencoderArchitecture(new SparseAutoencoderOptions { BDecInit = DecoderBiasInit.Zero });

        sae.Initialize(new Contracts.Architectures.SaeInitContext(24, 1, null, ReadOnlyMemory<float>.Empty));

        Assert.Equal(48, sae.Description.FeatureCount);
    }

    [Theory]
    [InlineData(false, 0.3f)]
    [InlineData(true, 0.15f)]
    public void Train_SyntheticToyRelu_ReachesExplainedVariance90WithL0WellBelowDSae(bool tied, float sparsity)
    {
        var sae = Create(sigmoid: false, tied, dSae: 128);

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: sparsity, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }

    [Fact]
    public void Train_SyntheticToySigmoidWithKl_ReachesExplainedVariance90()
    {
        var sae = Create(sigmoid: true, tied: false, dSae: 128);

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.05f, sparsityWarmup: 200,
            penalty: new KlPenalty(new KlOptions()));

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveLoad_RoundTrip_SameOutputsAndSaeLensStandardLayout(bool tied)
    {
        var trained = Create(sigmoid: false, tied, dSae: 12);
        var fresh = Create(sigmoid: false, tied, dSae: 12);

        var saved = SaveLoad.RoundTrip(trained, fresh, dIn: 5);

        SaveLoad.AssertLayout(saved, new Dictionary<string, int[]>
        {
            ["W_enc"] = [5, 12], ["W_dec"] = [12, 5], ["b_enc"] = [12], ["b_dec"] = [5],
        });
        SaveLoad.AssertSameOutputs(trained, fresh, dIn: 5);
        Assert.Equal("standard", fresh.Description.SavedArchitecture);
        if (tied) Assert.Equal(Transpose(ToDouble(saved["W_enc"].ToArray()), 5, 12), ToDouble(saved["W_dec"].ToArray()));
    }

    [Fact]
    public void Description_Sigmoid_SavedAsSparseAeWithActivation()
    {
        var sae = Create(sigmoid: true, tied: false, dSae: 6);

        sae.Initialize(new Contracts.Architectures.SaeInitContext(3, 1, null, ReadOnlyMemory<float>.Empty));

        Assert.Equal("sparse_ae", sae.Description.SavedArchitecture);
        Assert.Equal("sigmoid", sae.Description.ExtraConfig["activation"]);
    }

    private static double[] ToDouble(float[] a) => Array.ConvertAll(a, v => (double)v);
}
