using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;


namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// The few hostile inputs that need the real process: a memory cap, a crash that ends the process. Everything else
/// runs in-process (tests/…/Robustness), where hundreds of cases cost seconds.
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public void Train_AliasBombUnderA256MiBHeapCap_Exit2WithALocatedMessageAndNoTrace()
    {
        var dir = Repository.NewTempDirectory();
        var bomb = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 40; i++) bomb.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        File.WriteAllText(Path.Combine(dir, "bomb.yaml"), string.Join("\n", bomb) + "\nrun: {model: m, layer: l}\n");

        var result = SaeProcess.RunWith(dir, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" }, "train", "bomb.yaml");

        Assert.True(result.ExitCode == ExitCodes.UsageOrConfigError, result.All);
        Assert.Contains("bomb.yaml:5:", result.All);
        Assert.Contains("alias bomb", result.All);
        Assert.DoesNotContain("Exception", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.False(Directory.Exists(Path.Combine(dir, "results")));
    }

    [Fact]
    public void Train_InProcessVisualizerEndsTheProcess_TheLastLogLineNamesIt()
    {
        // Chosen in process on purpose: the crash cannot be contained, but the log says which visualizer it was.
        var dir = Repository.NewTempDirectory();
        var plugins = TestPluginFolders.RootWith("TestVisualizers");
        File.WriteAllText(Path.Combine(dir, "run.yaml"), $"""
            run: {"{"}model: m, layer: l, output_dir: out{"}"}
            data: {"{"}type: synthetic, d_in: 8, n_features: 16, rows: 400{"}"}
            architecture: {"{"}type: standard, d_sae: 16{"}"}
            training: {"{"}steps: 3, batch_size: 16{"}"}
            plugins: {"{"}paths: ["{plugins}"]{"}"}
            visualizers:
              - {"{"}type: test_failfast, isolation: inprocess{"}"}
            """);

        var result = SaeProcess.Run(dir, "train", "run.yaml");

        Assert.NotEqual(0, result.ExitCode);
        var lastLogLine = result.All.Split('\n').Last(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d (INF|WRN|ERR) "));
        Assert.Contains("Running visualizer 'test_failfast'", lastLogLine);
        Assert.Contains("Running visualizer 'test_failfast'", File.ReadAllLines(Path.Combine(dir, "out", "m", "l_train.log")).Last());
    }
}
