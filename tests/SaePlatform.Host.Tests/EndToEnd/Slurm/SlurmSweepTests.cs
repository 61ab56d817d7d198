using System.Diagnostics;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd.Slurm;

/// <summary>
/// A single-node Slurm on localhost (start-slurm.sh: munged, slurmctld, slurmd with a minimal slurm.conf), started once
/// for the test run and stopped when it ends; null with the reason when it cannot start.
/// </summary>
internal static class LocalSlurm
{
    private static readonly Lazy<(string? Conf, string? Reason)> Cluster = new(Start);

    /// <summary>The <c>SLURM_CONF</c> of the running cluster, or null.</summary>
    public static string? Conf => Cluster.Value.Conf;

    /// <summary>Why there is no cluster.</summary>
    public static string? Reason => Cluster.Value.Reason;

    private static string Script(string name) => Path.Combine(Repository.Root, "tests", "SaePlatform.Host.Tests", "EndToEnd", "Slurm", name);

    private static (string?, string?) Start()
    {
        if (!OperatingSystem.IsLinux()) return (null, "Slurm runs on Linux only");
        var dir = Repository.NewTempDirectory();
        var (code, output) = Bash(Script("start-slurm.sh"), dir);
        var conf = output.Split('\n').FirstOrDefault(l => l.StartsWith("SLURM_CONF=", StringComparison.Ordinal));
        if (code != 0 || conf is null)
        {
            Bash(Script("stop-slurm.sh"), dir);
            return (null, "single-node Slurm could not start: " + output.Trim());
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Bash(Script("stop-slurm.sh"), dir);
        return (conf["SLURM_CONF=".Length..].Trim(), null);
    }

    private static (int Code, string Output) Bash(string script, string dir)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(dir);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "timed out after 90 s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "bash could not be started: " + ex.Message);
        }
    }
}

/// <summary>A fact that needs a running single-node Slurm: skipped, with the reason, when it cannot start.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!File.Exists("/usr/sbin/slurmctld") && !File.Exists("/usr/bin/slurmctld"))
            Skip = "Slurm is not installed (apt-get install slurm-wlm munge; .ci/run does)";
        else if (LocalSlurm.Conf is null)
            Skip = LocalSlurm.Reason;
    }
}

/// <summary><c>sae sweep --slurm</c> against a real Slurm: a job array whose task i trains run i.</summary>
public sealed class SlurmSweepTests
{
    [SlurmFact]
    public async Task Slurm_FourPointSweep_EveryPointTrainsAsAnArrayTask()
    {
        var dir = Repository.NewTempDirectory();
        SweepTrainTests.WriteNpy(Path.Combine(dir, "acts", "resid_6.npy"), 600, 8, 1);
        SweepTrainTests.WriteNpy(Path.Combine(dir, "acts", "resid_8.npy"), 600, 12, 2);
        var config = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(config, $$"""
            run: {model: toy, layers: [6, 8], output_dir: {{Path.Combine(dir, "out")}}}
            data: {type: npy, path: "acts/resid_{layer}.npy"}
            architecture: {type: topk, k: 2, d_sae: 32}
            training: {steps: 20, batch_size: 64, log_every: 5, lr_warmup_steps: 0}
            visualizers: []
            sweep:
              grid: {architecture.k: [1, 2]}
            """);
        var env = new Dictionary<string, string> { ["SLURM_CONF"] = LocalSlurm.Conf! };

        var submit = SaeProcess.RunWith(dir, env, "sweep", config, "--slurm", "--cpus-per-task", "1", "--time", "00:10:00");
        Assert.True(submit.ExitCode == 0, submit.All);
        Assert.Contains("Submitted Slurm job", submit.StdOut, StringComparison.Ordinal);
        var model = Path.Combine(dir, "out", "toy");
        Assert.Contains("#SBATCH --array=0,1,2,3", File.ReadAllText(Path.Combine(model, "slurm", "sweep.sbatch")), StringComparison.Ordinal);

        // Wait until every task has ended (squeue no longer lists the job), at most 4 minutes.
        var job = File.ReadAllText(Path.Combine(model, "slurm", "job_id")).Trim();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline && Squeue(job, env).Length > 0) await Task.Delay(500);
        Assert.True(Squeue(job, env).Length == 0, $"job {job} still queued: {Squeue(job, env)}");

        foreach (var (point, k) in new[] { ("k=1", 1), ("k=2", 2) })
        foreach (var (layer, width) in new[] { ("6", 8), ("8", 12) })
        {
            var sae = Path.Combine(model, point, layer, "sae_weights.safetensors");
            Assert.True(File.Exists(sae), $"{point}/{layer} has no SAE; task logs: {TaskLogs(model)}");
            Assert.Equal([32, width], SafetensorsFile.Read(sae)["W_dec"].Shape.ToArray());
            Assert.Contains($"\"l0\": {k}", File.ReadAllText(Path.Combine(model, point, layer + "_evaluation.json")), StringComparison.Ordinal);
        }
        var status = SaeProcess.RunWith(dir, env, "sweep", config, "--status");
        Assert.Equal(4, status.StdOut.Split('\n').Count(l => l.Contains("  done  ", StringComparison.Ordinal)));
        var plot = SaeProcess.RunWith(dir, env, "plot", "--sweep", config);
        Assert.True(plot.ExitCode == 0, plot.All);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(model, "sweep_summary.csv")).Count(l => l.Contains(",done,", StringComparison.Ordinal)));
    }

    private static string Squeue(string job, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo("squeue") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "-j", job }) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    private static string TaskLogs(string model) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(model, "slurm"), "*.out").Select(f => f + ":\n" + File.ReadAllText(f)));
}
