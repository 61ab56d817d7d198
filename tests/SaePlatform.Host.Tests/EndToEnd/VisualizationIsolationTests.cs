using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;


namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// The built host trains the quickstart with broken visualizers next to a good one: the run completes with
/// exit 0, its files and the good output are written, and the log's summary names every failure. Then
/// <c>sae plot</c> regenerates from the saved history.
/// </summary>
public sealed class VisualizationIsolationTests
{
    private static string Config(string dir, string visualizers)
    {
        var plugins = TestPluginFolders.RootWith("TestVisualizers", "IsolatedVisualizers");
        var quickstart = Path.Combine(Repository.Root, "configs", "quickstart.yaml");
        var path = Path.Combine(dir, "run.yaml");
        File.WriteAllText(path, $"""
            extends: "{quickstart}"
            run: {"{"}output_dir: out{"}"}
            training: {"{"}steps: 80, log_every: 10{"}"}
            plugins: {"{"}paths: ["{plugins}"]{"}"}
            visualizers:
            {visualizers}
            """);
        return path;
    }

    [Fact]
    public void Train_BrokenVisualizers_RunSucceedsGoodPlotsWrittenFailuresSummarised()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, """
              - {type: test_throws}
              - {type: test_hangs, timeout_seconds: 2}
              - {type: test_failfast}
              - {type: test_stack_overflow}
              - {type: test_exits_quietly}
              - {type: isolated_failfast}
              - {type: test_good, tag: e2e}
            """);

        var result = SaeProcess.Run(dir, "train", config);

        Assert.True(result.ExitCode == 0, result.All);
        var model = Path.Combine(dir, "out", "quickstart");
        Assert.True(File.Exists(Path.Combine(model, "synthetic_training_history.json")), result.All);
        var report = File.ReadAllText(Path.Combine(model, "training_plots", "quickstart_synthetic_good.txt"));
        Assert.Contains("tag=e2e", report);
        Assert.Contains("last_step=79", report);
        Assert.Contains("d_sae=512", report);
        // The manifest-isolated visualizer ran in a worker (it wrote its pid) and its FailFast did not end the run.
        var isolatedPid = File.ReadAllText(Path.Combine(model, "training_plots", "quickstart_synthetic_isolated_pid.txt"));
        Assert.DoesNotContain($"process={isolatedPid}\n", report);
        // Third-party visualizers run in worker processes without asking: FailFast, a stack overflow and a quiet
        // Environment.Exit(0) each end only their worker, and each is named.
        Assert.Contains("6 of 7 visualizer call(s) failed", result.All);
        Assert.Contains("without reporting a result", result.All);
        foreach (var id in new[] { "test_throws", "test_hangs", "test_failfast", "test_stack_overflow", "test_exits_quietly", "isolated_failfast" })
            Assert.Contains($"- {id} (plugin ", result.All);
        Assert.Contains("did not finish within 2 s", result.All);
        Assert.Contains("Stack overflow", result.All);
        Assert.Contains("6 of 7 visualizer call(s) failed", File.ReadAllText(Path.Combine(model, "synthetic_train.log")));
    }

    [Fact]
    public void Plot_SavedRun_RegeneratesWithFormatsAndDpiWithoutTraining()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, "  - {type: test_good, tag: first}\n");
        Assert.Equal(0, SaeProcess.Run(dir, "train", config).ExitCode);
        var report = Path.Combine(dir, "out", "quickstart", "training_plots", "quickstart_synthetic_good.txt");
        File.Delete(report);
        var history = File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic_training_history.json"));

        var result = SaeProcess.Run(dir, "plot", "--sae-dir", "out", "--config", config, "--format", "svg,pdf", "--dpi", "300", "--output-dir", "figs");

        Assert.True(result.ExitCode == 0, result.All);
        var text = File.ReadAllText(Path.Combine(dir, "figs", "quickstart_synthetic_good.txt"));
        Assert.Contains("formats=svg,pdf", text);
        Assert.Contains("dpi=300", text);
        Assert.Contains("last_step=79", text);
        Assert.False(File.Exists(report));
        Assert.Equal(history, File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic_training_history.json")));
    }

    [Fact]
    public void PlotConfig_OnlyVisualizersAndPlugins_NeedsNoRunDataOrArchitecture()
    {
        var dir = Repository.NewTempDirectory();
        Assert.Equal(0, SaeProcess.Run(dir, "train", Config(dir, "  - {type: test_good}\n")).ExitCode);
        var plugins = TestPluginFolders.RootWith("TestVisualizers", "IsolatedVisualizers");
        var plotOnly = Path.Combine(dir, "plot.yaml");
        File.WriteAllText(plotOnly, $"""
            plugins: {"{"}paths: ["{plugins}"]{"}"}
            visualizers:
              - {"{"}type: test_good, tag: plot-only{"}"}
            """);

        var result = SaeProcess.Run(dir, "plot", "--sae-dir", "out", "--config", plotOnly, "--output-dir", "figs");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("tag=plot-only", File.ReadAllText(Path.Combine(dir, "figs", "quickstart_synthetic_good.txt")));

        // The sections plotting reads are still checked, with their location.
        File.WriteAllText(plotOnly, $"plugins: {"{"}paths: [\"{plugins}\"]{"}"}\nvisualizers:\n  - {"{"}type: test_good, no_such_key: 1{"}"}\n");
        var bad = SaeProcess.Run(dir, "plot", "--sae-dir", "out", "--config", plotOnly);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("plot.yaml:3", bad.All);
        Assert.Contains("no_such_key", bad.All);
    }

    [Fact]
    public void Plot_NoHistories_ExitsTwoNamingTheFolder()
    {
        var dir = Repository.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "empty"));

        var result = SaeProcess.Run(dir, "plot", "--sae-dir", "empty");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(dir, "empty"), result.All);
    }

    [Fact]
    public void Plot_FailingVisualizer_ExitsOneListingIt()
    {
        var dir = Repository.NewTempDirectory();
        var config = Config(dir, "  - {type: test_good}\n");
        Assert.Equal(0, SaeProcess.Run(dir, "train", config).ExitCode);
        var failing = Config(Repository.NewTempDirectory(), "  - {type: test_throws}\n");

        var result = SaeProcess.Run(dir, "plot", "--sae-dir", "out", "--config", failing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- test_throws (plugin test-visualizers) on quickstart/synthetic: InvalidOperationException: test_throws always throws", result.All);
    }
}
