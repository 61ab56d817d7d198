using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Tests.Support;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using static SaePlatform.Plugins.Tests.TopK.TinyBatch;
using R = SaePlatform.Plugins.Tests.TopK.TopKFamilyReference;

namespace SaePlatform.Plugins.Tests.TopK;

public sealed class TopKArchitectureTests
{
    private const int K = 2;
    private const double Alpha = 0.5;

    private static TopKOptions Options(bool rescale = true, bool auxBias = false, bool auxRankByNorm = false) =>
        new() { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = K, AuxKCoefficient = Alpha, RescaleActsByDecoderNorm = rescale, AuxKDecoderBias = auxBias, AuxKRankByDecoderNorm = auxRankByNorm };

    /// <summary>Reference topk forward: kept positions, f and x_hat (selection by h * ||W_dec,i|| when rescaling).</summary>
    private static (bool[] Kept, double[] H, double[] F, double[] XHat) Reference(R r, bool rescale = true)
    {
        var h = r.PreActivations(X, Rows);
        var score = (double[])h.Clone();
        if (rescale)
        {
            var n = r.DecoderNorms();
            for (int e = 0; e < score.Length; e++) score[e] *= n[e % DSae];
        }
        var kept = R.RowTopK(score, Rows, DSae, K);
        var f = R.Keep(h, kept, relu: true);
        return (kept, h, f, r.Decode(f, Rows));
    }

    // AuxK with the dead set and residual frozen (they are state / detached in the architecture). Gao et al.'s form
    // ranks the dead features by h and decodes without b_dec; SAELens's ranks by h * ||W_dec,i|| and adds b_dec.
    private static double AuxK(R r, bool[] dead, double[] residual, bool bias = false, bool rankByNorm = false)
    {
        var h = r.PreActivations(X, Rows);
        int deadCount = dead.Count(d => d), kAux = Math.Min(DIn / 2, deadCount);
        var a = R.Keep(h, R.RowTopK(AuxScores(r, h, rankByNorm), Rows, DSae, kAux, dead), relu: false);
        double scale = Math.Min(deadCount / (DIn / 2.0), 1.0);
        return Alpha * scale * R.Mse(r.Decode(a, Rows, bias: bias), residual, Rows);
    }

    private static double[] AuxScores(R r, double[] h, bool rankByNorm)
    {
        if (!rankByNorm) return h;
        var n = r.DecoderNorms();
        return h.Select((v, e) => v * n[e % DSae]).ToArray();
    }

    [Theory]
    [InlineData(false, false)]   // Gao et al. 2024 (the default)
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]     // SAELens
    public void Forward_DeadFeaturesAfterWindow_MatchesFloat64ReferenceAndFiniteDifferences(bool auxBias, bool auxRankByNorm)
    {
        var r = new R(DIn, DSae, seed: 5);
        var sae = Loaded(new TopKArchitecture(Options(auxBias: auxBias, auxRankByNorm: auxRankByNorm)), r);
        var (kept, h, f, xHat) = Reference(r);
        var n = r.DecoderNorms();
        var score = h.Select((v, e) => v * n[e % DSae]).ToArray();
        Assert.True(R.SelectionMargin(score, kept, Rows, DSae) > 0.02, "precondition: a stable top-k selection");
        var dead = FiredFeatures(f).Select(fired => !fired).ToArray();
        Assert.Contains(true, dead);
        var residual = X.Select((v, e) => v - xHat[e]).ToArray();

        ForwardOnly(sae); // window 1: features silent in this step are dead in the next
        using var scope = TensorScope.Begin();
        var result = sae.Forward(Input(), Step(1));
        Backward(result);

        FiniteDifference.AssertClose("features", f, Dense(result.SparseFeatures!), 1e-5, 1e-5);
        FiniteDifference.AssertClose("x_hat", xHat, result.Reconstruction.Span, 1e-5, 1e-5);
        Assert.Equal(R.Mse(xHat, X, Rows), Term(result, MseName), 1e-5);
        int kAux = Math.Min(DIn / 2, dead.Count(d => d));
        var auxScores = AuxScores(r, h, auxRankByNorm);
        Assert.True(R.SelectionMargin(auxScores, R.RowTopK(auxScores, Rows, DSae, kAux, dead), Rows, DSae, dead) > 0.02,
            "precondition: a stable auxiliary selection");
        if (auxRankByNorm) // the two rankings must pick different features here, or this case would test nothing new
            Assert.False(R.RowTopK(auxScores, Rows, DSae, kAux, dead).SequenceEqual(R.RowTopK(h, Rows, DSae, kAux, dead)));
        double aux = AuxK(r, dead, residual, auxBias, auxRankByNorm);
        Assert.True(aux > 1e-3, $"reference AuxK {aux}");
        Assert.Equal(aux, Term(result, AuxName), 1e-5);
        AssertGradients(sae, r, () =>
        {
            var (_, _, _, xh) = Reference(r);
            return R.Mse(xh, X, Rows) + AuxK(r, dead, residual, auxBias, auxRankByNorm);
        });
    }

    [Fact]
    public void Forward_BeforeDeadWindowEnds_AuxiliaryTermIsZeroThenPositive()
    {
        var sae = Loaded(new TopKArchitecture(Options()), new R(DIn, DSae, seed: 5), window: 2);
        var aux = new List<double>();
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            aux.Add(Term(sae.Forward(Input(), Step(step)), AuxName));
        }
        Assert.Equal(0.0, aux[0]);
        Assert.Equal(0.0, aux[1]);
        Assert.True(aux[2] > 0, $"AuxK at step 2 is {aux[2]}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encode_TinyBatch_KeepsTopKOfEachRowByRequestedScore(bool rescale)
    {
        var r = new R(DIn, DSae, seed: 5);
        var sae = Loaded(new TopKArchitecture(Options(rescale)), r);
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();

        var features = sae.Encode(Input());

        FiniteDifference.AssertClose("features", Reference(r, rescale).F, features.Span, 1e-5, 1e-5);
    }

    [Fact]
    public void Encode_RescaleOnAndOff_SelectDifferentFeaturesOnThisBatch()
    {
        // Guards the previous test: the fixture's decoder norms must actually change the selection.
        var r = new R(DIn, DSae, seed: 5);
        Assert.NotEqual(Reference(r, rescale: true).Kept, Reference(r, rescale: false).Kept);
    }

    [Fact]
    public void Initialize_WithPenalty_ThrowsNamingPenalty()
    {
        var sae = new TopKArchitecture(Options());
        var penalty = new L1Penalty(new L1Options());

        var e = Assert.Throws<ArgumentException>(() => sae.Initialize(new SaeInitContext(DIn, 0, penalty, ReadOnlyMemory<float>.Empty)));

        Assert.Equal("penalty", e.ParamName);
        Assert.Contains("structural sparsity", e.Message);
    }

    [Fact]
    public void Initialize_KNotBelowDSae_ThrowsNamingK()
    {
        var sae = new TopKArchitecture(new TopKOptions { BDecInit = DecoderBiasInit.Zero, DSae = 8, K = 8 });

        var e = Assert.Throws<ArgumentException>(() => sae.Initialize(new SaeInitContext(DIn, 0, null, ReadOnlyMemory<float>.Empty)));

        Assert.Equal("k", e.ParamName);
    }

    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90AtK()
    {
        var sae = new TopKArchitecture(new TopKOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128, K = 6 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 800);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 <= 6, $"L0 {outcome.L0:F2}");
    }
}
