using System.Diagnostics;
using System.Runtime.InteropServices;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>The host packed as a .NET tool and installed into a tool path, as README tells a user to (offline: a local source only).</summary>
public sealed class DotnetToolTests
{
    [Fact]
    public void PackAndInstall_ToolPath_SaeRunsWithItsBuiltInPlugins()
    {
        var work = Repository.NewTempDirectory();
        var feed = Path.Combine(work, "feed");
        var project = Path.Combine(Repository.Root, "host", "SaePlatform.Host", "SaePlatform.Host.csproj");
        // --no-build: pack what the test run already built, so the tests that run bin/ at the same time are not disturbed.
        var pack = DotnetCli.Run(work, "pack", project, "-c", Repository.Configuration, "--no-build", "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.All);
        File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);

        var tools = Path.Combine(work, "tools");
        var install = DotnetCli.Run(work, "tool", "install", "sae", "--tool-path", tools, "--configfile", Path.Combine(work, "nuget.config"));
        Assert.True(install.ExitCode == 0, install.All);

        var version = RunTool(Path.Combine(tools, "sae"), "--version");
        Assert.True(version.ExitCode == 0, version.All);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StdOut.Trim());
        var plugins = RunTool(Path.Combine(tools, "sae"), "plugins");
        Assert.True(plugins.ExitCode == 0, plugins.All);
        Assert.Contains("saeplatform.topk", plugins.StdOut);
        Assert.Contains("loaded", plugins.StdOut);
    }

    private static SaeProcess.Result RunTool(string sae, params string[] args)
    {
        var info = new ProcessStartInfo(sae) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        // The tool's launcher finds .NET through DOTNET_ROOT when it is not in the default place.
        info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        info.Environment.Remove("SAE_PLUGIN_PATH");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{sae} {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new SaeProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
