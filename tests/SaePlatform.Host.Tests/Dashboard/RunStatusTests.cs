using System.Diagnostics;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>The state the dashboard shows for a run, from its lock and run-health files.</summary>
public sealed class RunStatusTests
{
    private readonly string _dir = Repository.NewTempDirectory();

    private RunEntry Run => new("m/L", "m", "L", _dir);

    private void WriteLock(int pid, DateTime? started) =>
        File.WriteAllText(Run.File(".lock"), JsonSerializer.Serialize(new RunLock.Owner(pid, Environment.MachineName, started, DateTime.UtcNow)));

    private void WriteHealth(RunOutcome outcome, RunVerdict verdict) =>
        RunHealthFile.Write(Run.File("_run_health.json"), new RunHealth(outcome, 40, 100, verdict, ["a reason"], []));

    [Fact]
    public void LockOfALiveProcess_IsRunning_EvenWithAnOldHealthFile()
    {
        WriteHealth(RunOutcome.Completed, RunVerdict.Converged);
        using var self = Process.GetCurrentProcess();
        WriteLock(Environment.ProcessId, self.StartTime.ToUniversalTime());

        Assert.Equal("running", RunCatalog.Status(Run).State);
    }

    [Fact]
    public void LockOfAGoneProcess_WithoutHealthFile_IsFailed()
    {
        using var gone = Process.Start("true")!;
        gone.WaitForExit();
        WriteLock(gone.Id, DateTime.UtcNow.AddMinutes(-5));

        var status = RunCatalog.Status(Run);

        Assert.Equal("failed", status.State);
        Assert.Contains("killed or crashed", status.Detail);
    }

    [Theory]
    [InlineData(RunOutcome.Completed, RunVerdict.Converged, "completed", "converged")]
    [InlineData(RunOutcome.StoppedEarly, RunVerdict.Converged, "completed", "converged")]
    [InlineData(RunOutcome.Interrupted, RunVerdict.Interrupted, "interrupted", "interrupted")]
    [InlineData(RunOutcome.Failed, RunVerdict.Diverged, "failed", "diverged")]
    public void HealthFile_GivesStateVerdictAndReasons(RunOutcome outcome, RunVerdict verdict, string state, string verdictName)
    {
        WriteHealth(outcome, verdict);

        var status = RunCatalog.Status(Run);

        Assert.Equal(state, status.State);
        Assert.Equal(verdictName, status.Verdict);
        Assert.Contains("40 of 100 steps", status.Detail);
        Assert.Contains("a reason", status.Notes);
    }

    [Fact]
    public void HalfWrittenHealthFile_IsAnErrorNamingIt()
    {
        File.WriteAllText(Run.File("_run_health.json"), "{\"verdict\": \"conv");

        var status = RunCatalog.Status(Run);

        Assert.Equal("unknown", status.State);
        Assert.Contains(Run.File("_run_health.json"), status.Error);
    }
}
