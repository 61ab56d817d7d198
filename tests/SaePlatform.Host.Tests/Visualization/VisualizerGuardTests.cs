using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Visualization;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Tests.Visualization;

/// <summary>The guard around every visualizer call: failures are caught and counted, and N in a row disable it.</summary>
public sealed class VisualizerGuardTests
{
    private static readonly VisualizerEntry Entry = new("visualizers[0]",
        new ComponentDescriptor("flaky", ComponentKind.Visualizer, typeof(object), null, false, "flaky-plugin", null),
        null, ComponentIsolation.InProcess, TimeSpan.FromSeconds(1));

    private static VisualizerCallOutcome Fail() => VisualizerCallOutcome.Failed(VisualizerFailureKind.Exception, "boom");

    [Fact]
    public void Run_FailsThreeTimesInARow_IsDisabledAndNotCalledAgain()
    {
        var guard = new VisualizerGuard(3, NullLogger.Instance);
        var calls = 0;
        var failures = new List<VisualizerFailure?>();
        for (int layer = 0; layer < 5; layer++)
            failures.Add(guard.Run(Entry, "m", $"l{layer}", () => { calls++; return Fail(); }));

        Assert.Equal(3, calls);
        Assert.Equal(3, failures.Count(f => f is not null));
        Assert.True(guard.IsDisabled(Entry.Key));
        Assert.All(failures.Take(3), f => Assert.Equal("flaky", f!.VisualizerId));
        Assert.Equal("l2", failures[2]!.Layer);
    }

    [Fact]
    public void Run_SuccessBetweenFailures_ResetsTheCount()
    {
        var guard = new VisualizerGuard(3, NullLogger.Instance);
        var calls = 0;
        bool[] succeed = [false, false, true, false, false, true, false, false];
        foreach (var ok in succeed)
            guard.Run(Entry, "m", "l", () => { calls++; return ok ? VisualizerCallOutcome.Success : Fail(); });

        Assert.Equal(succeed.Length, calls);
        Assert.False(guard.IsDisabled(Entry.Key));
    }

    [Fact]
    public void Run_CallMechanismThrows_BecomesAFailureNamingThePlugin()
    {
        var guard = new VisualizerGuard(3, NullLogger.Instance);

        var failure = guard.Run(Entry, "m", "l", () => throw new IOException("cannot start worker"));

        Assert.NotNull(failure);
        Assert.Equal(VisualizerFailureKind.Crash, failure.Kind);
        Assert.Contains("cannot start worker", failure.Reason);
        Assert.Contains("flaky-plugin", failure.ToString());
    }

    [Fact]
    public void InProcessCall_Hangs_TimesOutAndIsAbandoned()
    {
        using var release = new ManualResetEventSlim();
        var outcome = InProcessVisualizerCall.Run("hang", token => release.Wait(token), TimeSpan.FromMilliseconds(200), CancellationToken.None);
        release.Set();

        Assert.Equal(VisualizerFailureKind.Timeout, outcome.Failure);
        Assert.Contains("0.2 s", outcome.Reason);
    }

    [Fact]
    public void InProcessCall_Throws_ReportsTypeAndMessage()
    {
        var outcome = InProcessVisualizerCall.Run("throw", _ => throw new ArgumentException("bad axis"), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(VisualizerFailureKind.Exception, outcome.Failure);
        Assert.Equal("ArgumentException: bad axis", outcome.Reason);
    }

    [Fact]
    public void DescribeCrash_SigAbrtWithRuntimeMessage_NamesSignalAndFirstLine()
    {
        var text = VisualizerWorkerProcess.DescribeCrash(134, "Stack overflow.\nRepeat 1000 times:\n   at X.Recurse()\n");

        Assert.StartsWith("worker process crashed (exit code 134, SIGABRT): Stack overflow.", text);
    }
}
