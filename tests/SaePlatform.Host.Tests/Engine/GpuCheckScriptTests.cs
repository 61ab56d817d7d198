using System.Diagnostics;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Engine;

/// <summary>
/// tools/gpu/check.sh, the prepared device check, run on the simulated device (every check passes) and on cuda on a
/// machine without a GPU (the first row fails naming what is missing, the rest are skipped, exit code 1).
/// </summary>
public sealed class GpuCheckScriptTests
{
    private static string Script => Path.Combine(Repository.Root, "tools", "gpu", "check.sh");

    [ReleaseBuildFact]
    public void CheckScript_OnTheSimulatedDevice_PassesEveryCheckAndPrintsTheTableLast()
    {
        string keep = Repository.NewTempDirectory();
        var (code, output) = Run("simdevice", keep);

        Assert.True(code == 0, output);
        // The logs come back with the table (on a lent GPU machine: its $OUT).
        foreach (var file in new[] { "table.txt", "conformance.txt", "bench.jsonl", "traj-dev.log" })
            Assert.True(File.Exists(Path.Combine(keep, file)), $"{file} was not copied to SAE_CHECK_KEEP");
        Assert.Contains("resume identical", File.ReadAllText(Path.Combine(keep, "table.txt")));
        var table = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).AsEnumerable().SkipWhile(l => !l.StartsWith("check ", StringComparison.Ordinal)).ToList();
        Assert.Matches(@"^check\s+verdict\s+detail$", table[0]);
        foreach (var check in new[] { "conformance + determinism", "loss trajectory vs cpu", "two runs identical", "resume identical" })
            Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(check)}\s+PASS\s+\S", Assert.Single(table, l => l.StartsWith(check, StringComparison.Ordinal)));
        Assert.Contains(table, l => l.StartsWith("loss trajectory vs cpu", StringComparison.Ordinal) && l.Contains("200 steps", StringComparison.Ordinal));
        Assert.Equal(2, table.Count(l => l.StartsWith("bench step/", StringComparison.Ordinal) && l.Contains(" samples/s", StringComparison.Ordinal)));
    }

    [ReleaseBuildFact]
    public void CheckScript_OnCudaWithoutAGpu_FailsTheFirstRowNamingWhatIsMissing_AndSkipsTheRest()
    {
        var (code, output) = Run("cuda");

        Assert.Equal(1, code);
        Assert.Matches(@"conformance \+ determinism\s+FAIL\s+sae engine check: engine device 'cuda': no NVIDIA driver found; CUDA libraries: missing libcuda.so.1", output);
        Assert.Equal(4, output.Split('\n').AsEnumerable().Count(l => !l.StartsWith("==", StringComparison.Ordinal) && l.Contains(" SKIP ", StringComparison.Ordinal))); // the table, not the progress on stderr
    }

    private static (int Code, string Output) Run(string device, string? keep = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(device);
        info.Environment["SAE_CHECK_SIZES"] = "small";
        info.Environment.Remove("OUT");
        if (keep is not null) info.Environment["SAE_CHECK_KEEP"] = keep;
        info.Environment["TMPDIR"] = Repository.NewTempDirectory();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + "\n--- stderr ---\n" + stderr.Result);
    }
}

/// <summary>A fact skipped, saying why, unless the tests run against the Release build that tools/gpu/check.sh uses.</summary>
public sealed class ReleaseBuildFactAttribute : FactAttribute
{
    public ReleaseBuildFactAttribute()
    {
        if (Repository.Configuration != "Release" || !File.Exists(Path.Combine(Repository.HostOutput, "sae.dll")))
            Skip = $"tools/gpu/check.sh runs the Release build of sae; this test run uses the {Repository.Configuration} build (dotnet test -c Release).";
    }
}
