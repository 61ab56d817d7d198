using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Observers;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Tests.Support;

/// <summary>
/// The real runner in process with the built plugins, on a shortened quickstart (or another config), so that a test can
/// stop it on an exact step (<see cref="CancelAfter"/>) and resume it: the resume, live-file and remedy tests share it.
/// </summary>
internal static class InProcessRuns
{
    public static string Quickstart => Path.Combine(Repository.Root, "configs", "quickstart.yaml");

    /// <summary>
    /// A runner and plan for <paramref name="config"/> (the quickstart by default) cut to 80 steps of 256 rows, logged every
    /// 10 steps, validated every 25 (patience 100), density windows of 20, written to <paramref name="output"/>; then
    /// <paramref name="extra"/> overrides.
    /// </summary>
    public static (TrainingRunner Runner, RunPlan Plan) Build(string output, string[] extra, Func<RunTarget, IEnumerable<ITrainingObserver>>? observers = null,
        string? config = null)
    {
        var overrides = new List<string>
        {
            "training.steps=80", "training.batch_size=256", "data.rows=20000", "training.log_every=10",
            "training.eval_every=25", "training.patience=100", "training.feature_sampling_window=20",
            $"run.output_dir={output}",
        };
        overrides.AddRange(extra);
        var composed = ConfigComposer.Compose(config ?? Quickstart, overrides);
        var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.Build(Repository.HostOutput, null, null));
        var plan = new RunPlanBuilder(catalog.Registry).Build(composed);
        return (new TrainingRunner(catalog, NullLoggerFactory.Instance, new RunLogFileSink()) { ExtraObservers = observers }, plan);
    }

    /// <summary>
    /// Trains into <paramref name="output"/> (<see cref="Build"/> with <paramref name="extra"/>), stopped at the first logged
    /// step at or after <paramref name="stopAfter"/> (the run must end as interrupted), then resumes it to the end.
    /// </summary>
    public static void RunInterruptedThenResumed(string output, string[] extra, long stopAfter)
    {
        using var cts = new CancellationTokenSource();
        var (interrupted, plan) = Build(output, extra, _ => [new CancelAfter(stopAfter, cts)]);
        Assert.Equal(ExitCodes.Interrupted, interrupted.Run(plan, cts.Token));
        var (again, resumedPlan) = Build(output, extra);
        Assert.Equal(ExitCodes.Success, again.Run(resumedPlan, CancellationToken.None, new ResumeRequest(null)));
    }

    /// <summary>Cancels <paramref name="cts"/> at the first logged step at or after <paramref name="step"/>.</summary>
    public sealed class CancelAfter(long step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnStep(StepMetrics metrics)
        {
            if (metrics.Step >= step) cts.Cancel();
        }
    }
}
