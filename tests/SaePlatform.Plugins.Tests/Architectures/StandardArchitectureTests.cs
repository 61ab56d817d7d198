using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Standard;
using SaePlatform.Plugins.Tests.Support;

namespace SaePlatform.Plugins.Tests.Architectures;

public sealed class StandardArchitectureTests
{
    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90WithL0WellBelowDSae()
    {
        var sae = new StandardArchitecture(new StandardOptions { DSae = 128 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 3000, sparsity: 0.3f, sparsityWarmup: 200);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 < outcome.FeatureCount / 4.0, $"L0 {outcome.L0:F1} of {outcome.FeatureCount}");
    }
}
