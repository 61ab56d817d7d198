using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.Training.Remedies;

/// <summary>
/// Ghost grads and resampling in real runs of the built plugins: a run interrupted before or just after a resampling
/// event and resumed writes the same bytes as a run never stopped; a remedy an architecture does not declare is a
/// config error at its key.
/// </summary>
public sealed class RemedyRunTests
{
    // The quickstart with a strong L1 and a 10-step dead window, so that features die within 80 steps; events at steps 20, 40, 60.
    private static readonly string[] Remedies =
    [
        "training.sparsity_coefficient=20", "training.sparsity_warmup_steps=0", "training.lr_warmup_steps=0",
        "training.dead_feature_window=10", "training.resample_every=20", "training.ghost_grads=true",
    ];

    [Theory]
    [InlineData(50)]   // interrupted between events: the resumed run meets the event at step 60
    [InlineData(59)]   // interrupted on the event's step: the resumed run trains on the batches the event looked ahead at
    public void Resume_AcrossAResamplingEvent_WritesTheSameBytesAsAnUninterruptedRun(long stopAfter)
    {
        var dir = Repository.NewTempDirectory();
        string straight = Path.Combine(dir, "straight"), resumed = Path.Combine(dir, "resumed");

        var (runner, plan) = Build(straight, Remedies);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var history = HistoryFiles.ReadJson(Path.Combine(straight, "quickstart", "synthetic_training_history.json"));
        var resampled = history.Get(MetricNames.Resampled)!;
        Assert.True(resampled.Any(v => v > 0), "the run must resample some features for the test to mean anything");
        Assert.False(double.IsNaN(resampled[history.Steps.IndexOf(59)]), "the event after step 59 is logged");
        Assert.True(history.Get(MetricNames.GhostGradLoss)!.Any(v => v > 0), "ghost grads must be active in the run");

        RunInterruptedThenResumed(resumed, Remedies, stopAfter);

        foreach (var file in new[] { "synthetic_training_history.json", "synthetic/sae_weights.safetensors", "synthetic/sparsity.safetensors",
                     "synthetic_evaluation.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(straight, "quickstart", file));
            var b = File.ReadAllBytes(Path.Combine(resumed, "quickstart", file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the straight run and the one resumed after step {stopAfter}");
        }
    }

    [Theory]
    [InlineData("training.ghost_grads=true", "training.ghost_grads", "AuxK")]
    [InlineData("training.resample_every=0", null, null)]
    public void Build_TopKWithGhostGrads_IsAConfigErrorAtTheKey(string setting, string? key, string? reason)
    {
        var composed = ConfigComposer.Compose(Path.Combine(Repository.Root, "configs", "topk.yaml"), [setting, "training.resample_every=100"]);
        var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.Build(Repository.HostOutput, null, null));
        var builder = new RunPlanBuilder(catalog.Registry);
        if (key is null)
        {
            Assert.Equal(100, builder.Build(composed).Training.ResampleEvery);   // resampling applies to topk
            return;
        }
        var error = Assert.Single(Assert.Throws<ConfigException>(() => builder.Build(composed)).Errors);
        Assert.Equal(key, error.KeyPath);
        Assert.Contains("'topk'", error.Message);
        Assert.Contains(reason!, error.Message);
    }

    [SaeArchitecture("declares_without_hooks")]
    [DeadFeatureRemedies(DeadFeatureRemedy.Resampling)]
    private sealed class DeclaresWithoutHooks;

    [Fact]
    public void MissingHooks_DeclaredButNotImplemented_IsReported()
    {
        Assert.Contains("IDeadFeatureRemedies", RemedyDeclaration.MissingHooks(typeof(DeclaresWithoutHooks)));
        Assert.Null(RemedyDeclaration.MissingHooks(typeof(TinyRemedySae)));
        Assert.Null(RemedyDeclaration.MissingHooks(typeof(string)));
        Assert.Equal(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling, RemedyDeclaration.Declared(typeof(TinyRemedySae)));
    }
}
