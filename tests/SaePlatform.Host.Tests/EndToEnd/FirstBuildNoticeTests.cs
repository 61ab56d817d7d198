using System.Diagnostics;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// The README's first command builds for about a minute, which `dotnet run` does silently when its output is not a
/// terminal: the host's build says so at once (host/SaePlatform.Host/FirstBuildNotice.targets), and only the first time.
/// The notice target runs alone here, against an output that does or does not exist, so no build is needed.
/// </summary>
public sealed class FirstBuildNoticeTests
{
    private static string RunNoticeTarget(string targetPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var arg in new[] { "msbuild", Path.Combine("host", "SaePlatform.Host", "SaePlatform.Host.csproj"), "-nologo",
            "-t:SaeFirstBuildNotice", "-p:TargetPath=" + targetPath, "-v:q" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "dotnet msbuild did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, stdout + stderr.Result);
        return stdout + stderr.Result;
    }

    [Fact]
    public void NeverBuilt_RedirectedOutput_SaysAtOnceThatTheFirstBuildStarted()
    {
        var missing = Path.Combine(Repository.NewTempDirectory(), "sae.dll");
        Assert.Contains("sae: first build of SaePlatform", RunNoticeTarget(missing));
    }

    [Fact]
    public void AlreadyBuilt_SaysNothing()
    {
        var existing = Path.Combine(Repository.NewTempDirectory(), "sae.dll");
        File.WriteAllText(existing, "");
        Assert.DoesNotContain("first build", RunNoticeTarget(existing));
    }
}
