using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Cli;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Runs <c>sae train</c>'s pipeline (<see cref="TrainCommand.Execute"/>) in this process with the built-in plugins loaded
/// once, so hundreds of bad inputs cost milliseconds each instead of a process start. Each case has a time limit:
/// one that overruns is reported as a hang (its thread is abandoned, cancelled through its token).
/// </summary>
internal static class InProcessTrain
{
    /// <summary>The built-in plugins, loaded once for every case.</summary>
    public static PluginCatalog Plugins => Catalog.Value;

    private static readonly Lazy<PluginCatalog> Catalog = new(() =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.Build(Repository.HostOutput, null, null)));

    /// <summary>What one case did.</summary>
    /// <param name="ExitCode">The exit code, or null when it threw or overran.</param>
    /// <param name="Errors">Every error logged.</param>
    /// <param name="Escaped">An exception that left the pipeline (a user would have seen a stack trace).</param>
    /// <param name="TimedOut">Whether it overran its time limit.</param>
    public sealed record Outcome(int? ExitCode, IReadOnlyList<string> Errors, Exception? Escaped, bool TimedOut)
    {
        /// <summary>Every warning logged.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = [];

        public override string ToString() =>
            TimedOut ? "timed out" : Escaped is not null ? $"threw {Escaped.GetType().Name}: {Escaped.Message}" : $"exit {ExitCode}: {string.Join(" | ", Errors)}";
    }

    /// <summary>Trains (or with <paramref name="dryRun"/> only validates) <paramref name="configPath"/>.</summary>
    public static Outcome Run(string configPath, bool dryRun, TimeSpan timeout, params string[] overrides) =>
        Run(configPath, dryRun, timeout, null, overrides);

    /// <summary>Trains with <c>--resume</c> (<paramref name="resume"/>) when given.</summary>
    public static Outcome Run(string configPath, bool dryRun, TimeSpan timeout, ResumeRequest? resume, params string[] overrides)
    {
        var loggers = new RecordingLoggers();
        using var cts = new CancellationTokenSource();
        var task = Task.Factory.StartNew(
            () => TrainCommand.Execute(configPath, overrides, dryRun, resume, loggers, _ => Catalog.Value, new RunLogFileSink(), TextWriter.Null, false, cts.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(timeout))
            {
                cts.Cancel();
                return new Outcome(null, loggers.Errors, null, true);
            }
            return new Outcome(task.Result, loggers.Errors, null, false) { Warnings = loggers.Warnings };
        }
        catch (AggregateException e)
        {
            return new Outcome(null, loggers.Errors, e.InnerException ?? e, false);
        }
    }
}
