using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Tests.Support;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using static SaePlatform.Plugins.Tests.TopK.TinyBatch;
using R = SaePlatform.Plugins.Tests.TopK.TopKFamilyReference;

namespace SaePlatform.Plugins.Tests.TopK;

public sealed class BatchTopKArchitectureTests
{
    private const int K = 2;
    private const double Alpha = 0.5;

    private static BatchTopKOptions Options(bool auxBias = false) =>
        new() { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = K, AuxKCoefficient = Alpha, AuxKDecoderBias = auxBias };

    /// <summary>Reference batchtopk forward: the K * B largest positive h of the batch, ReLU, decode.</summary>
    internal static (bool[] Kept, double[] H, double[] F, double[] XHat) Reference(R r)
    {
        var h = r.PreActivations(X, Rows);
        var kept = R.BatchTopK(h, K * Rows);
        var f = R.Keep(h, kept, relu: true);
        return (kept, h, f, r.Decode(f, Rows));
    }

    internal static double AuxK(R r, bool[] dead, double[] residual, double alpha = Alpha, bool bias = false)
    {
        var h = r.PreActivations(X, Rows);
        int deadCount = dead.Count(d => d), kAux = Math.Min(DIn / 2, deadCount);
        var a = R.Keep(h, R.RowTopK(h, Rows, DSae, kAux, dead), relu: false);
        return alpha * Math.Min(deadCount / (DIn / 2.0), 1.0) * R.Mse(r.Decode(a, Rows, bias: bias), residual, Rows);
    }

    [Theory]
    [InlineData(false)]  // Gao et al. 2024 (the default)
    [InlineData(true)]   // SAELens: b_dec in the auxiliary reconstruction
    public void Forward_DeadFeaturesAfterWindow_MatchesFloat64ReferenceAndFiniteDifferences(bool auxBias)
    {
        var r = new R(DIn, DSae, seed: 5);
        var sae = Loaded(new BatchTopKArchitecture(Options(auxBias: auxBias)), r);
        var (kept, h, f, xHat) = Reference(r);
        Assert.True(R.SelectionMargin(h, kept, Rows, DSae, wholeBatch: true) > 0.02, "precondition: a stable batch selection");
        var dead = FiredFeatures(f).Select(fired => !fired).ToArray();
        Assert.Contains(true, dead);
        var residual = X.Select((v, e) => v - xHat[e]).ToArray();

        ForwardOnly(sae);
        using var scope = TensorScope.Begin();
        var result = sae.Forward(Input(), Step(1));
        Backward(result);

        FiniteDifference.AssertClose("features", f, Dense(result.SparseFeatures!), 1e-5, 1e-5);
        FiniteDifference.AssertClose("x_hat", xHat, result.Reconstruction.Span, 1e-5, 1e-5);
        Assert.Equal(R.Mse(xHat, X, Rows), Term(result, MseName), 1e-5);
        double aux = AuxK(r, dead, residual, bias: auxBias);
        Assert.True(aux > 1e-3, $"reference AuxK {aux}");
        Assert.Equal(aux, Term(result, AuxName), 1e-5);
        AssertGradients(sae, r, () => R.Mse(Reference(r).XHat, X, Rows) + AuxK(r, dead, residual, bias: auxBias));
    }

    [Fact]
    public void AfterOptimizerStep_TwoSteps_ThresholdFollowsEmaOfSmallestKeptActivation()
    {
        var r = new R(DIn, DSae, seed: 5);
        var sae = Loaded(new BatchTopKArchitecture(Options()), r);
        var (kept, h, _, _) = Reference(r);
        double minKept = Enumerable.Range(0, h.Length).Where(e => kept[e]).Min(e => h[e]);

        for (int step = 0; step < 2; step++)
        {
            ForwardOnly(sae);
            sae.AfterOptimizerStep(Step(step));
        }

        double expected = 0.99 * (0.01 * minKept) + 0.01 * minKept; // from theta = 0
        var threshold = sae.StateForSaving()["threshold"].ToArray();
        Assert.All(threshold, t => Assert.Equal(expected, t, 1e-6));
    }

    [Fact]
    public void AfterOptimizerStep_NothingPositiveKept_LeavesThresholdAndStoresExplicitZeros()
    {
        var r = new R(DIn, DSae, seed: 5);
        for (int j = 0; j < DSae; j++)
        {
            r.BEnc[j] = -100; // every pre-activation negative
            r.Threshold[j] = 0.25 + 0.125 * j;
        }
        var sae = Loaded(new BatchTopKArchitecture(Options()), r);
        using (GradMode.Disable())
        {
            var result = sae.Forward(Tensor.FromArray(Array.ConvertAll(X, v => (float)v), Rows, DIn), Step(0));
            var codes = result.SparseFeatures!;
            Assert.Equal(K * Rows, codes.NonZeros); // sized by k * rows, as always
            Assert.All(codes.Values.ToArray(), v => Assert.Equal(0f, v));
        }
        sae.AfterOptimizerStep(Step(0));
        var threshold = sae.StateForSaving()["threshold"].ToArray();
        for (int j = 0; j < DSae; j++) Assert.Equal((float)(0.25 + 0.125 * j), threshold[j]);
    }

    [Fact]
    public void Encode_LoadedThreshold_ActsAsJumpRelu()
    {
        var r = new R(DIn, DSae, seed: 5);
        var h = r.PreActivations(X, Rows);
        // Thresholds between observed pre-activations, so some positive h fall below them.
        for (int i = 0; i < DSae; i++) r.Threshold[i] = Math.Abs(h[DSae + i]) * 0.9 + 0.01 * i;
        var sae = Loaded(new BatchTopKArchitecture(Options()), r);
        var expected = h.Select((v, e) => v > r.Threshold[e % DSae] ? Math.Max(v, 0) : 0).ToArray();
        Assert.Contains(expected, v => v == 0);
        Assert.Contains(h.Select((v, e) => v > 0 && expected[e] == 0), gated => gated);

        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var features = sae.Encode(Input());
        var reconstruction = sae.Decode(features);

        FiniteDifference.AssertClose("features", expected, features.Span, 1e-5, 1e-5);
        FiniteDifference.AssertClose("x_hat", r.Decode(expected, Rows), reconstruction.Span, 1e-5, 1e-5);
    }

    [Fact]
    public void Description_Always_SavesAsJumpRelu()
    {
        var sae = Loaded(new BatchTopKArchitecture(Options()), new R(DIn, DSae, seed: 5));

        Assert.Equal("jumprelu", sae.Description.SavedArchitecture);
        Assert.Equal([DSae], sae.StateForSaving()["threshold"].Shape.ToArray());
    }

    [Fact]
    public void Initialize_WithPenalty_ThrowsNamingPenalty()
    {
        var sae = new BatchTopKArchitecture(Options());
        var context = new SaeInitContext(DIn, 0, new L1Penalty(new L1Options()), ReadOnlyMemory<float>.Empty);

        var e = Assert.Throws<ArgumentException>(() => sae.Initialize(context));

        Assert.Equal("penalty", e.ParamName);
    }

    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90AtK()
    {
        var sae = new BatchTopKArchitecture(new BatchTopKOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128, K = 6 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 800);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 <= 1.5 * 6, $"L0 {outcome.L0:F2} at inference (JumpReLU threshold)");
    }
}
