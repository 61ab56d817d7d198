using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Standard;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.Float64;

namespace SaePlatform.Plugins.Tests.Standard;

public sealed class StandardArchitectureTests
{
    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90WithL0WellBelowDSae()
    {
        var sae = new StandardArchitecture(new StandardOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.3f, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }

    [Theory]
    [InlineData(DecoderNormPolicy.WeightedPenalty, false)]
    [InlineData(DecoderNormPolicy.UnitNorm, false)]
    [InlineData(DecoderNormPolicy.WeightedPenalty, true)]
    public void Forward_SparseAndDenseSteps_GiveTheSameLossesFeaturesAndGradients(DecoderNormPolicy policy, bool l1Penalty)
    {
        const int dIn = 6, dSae = 40, rows = 9;
        var rng = new Random(3);
        var wEnc = Random(rng, dIn * dSae);
        var bEnc = Random(rng, dSae, 0.3, offset: -0.9); // most features stay silent: a trained SAE's regime
        var state = TinySae.State(("W_enc", wEnc, [dIn, dSae]), ("b_enc", bEnc, [dSae]),
            ("W_dec", Random(rng, dSae * dIn), [dSae, dIn]), ("b_dec", Random(rng, dIn, 0.2), [dIn]));
        var x = Random(rng, rows * dIn, 1.5);

        TinySae.Run Step(double sparseBelow)
        {
            var sae = new StandardArchitecture(new StandardOptions { BDecInit = DecoderBiasInit.Zero, DSae = dSae, DecoderNorm = policy, SparseBelow = sparseBelow });
            ISparsityPenalty? penalty = l1Penalty ? new L1Penalty(new L1Options()) : null;
            TinySae.Prepare(sae, dIn, state, penalty);
            return TinySae.ForwardBackward(sae, x, rows, 0.7f);
        }

        var sparse = Step(1.0);
        var dense = Step(0.0);
        var firing = dense.Features.Count(v => v > 0);
        Assert.InRange(firing, 1, rows * dSae / 4);
        Assert.Equal(dense.Features, sparse.Features);
        TinySae.AssertClose(dense.Reconstruction.Select(v => (double)v).ToArray(), sparse.Reconstruction, "x_hat");
        foreach (var (name, value) in dense.Losses) TinySae.AssertClose(value, sparse.Losses[name], name);
        foreach (var (name, grad) in dense.Gradients)
            TinySae.AssertClose(grad.Select(v => (double)v).ToArray(), sparse.Gradients[name], "d " + name);
    }

    [Fact]
    public void Train_SyntheticToyWithSparseStepsForced_ReachesExplainedVariance90()
    {
        // Every step sparse, from the first (dense-looking) steps on: the sparse path trains like the dense one.
        var sae = new StandardArchitecture(new StandardOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128, SparseBelow = 1.0 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.3f, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }
}
