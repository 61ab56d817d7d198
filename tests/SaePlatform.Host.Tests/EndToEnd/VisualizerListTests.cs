using SaePlatform.Host.Tests.Support;


namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// The <c>visualizers</c> key: absent runs the built-in default set; an explicit empty list runs none (a user
/// who wants no figures says so).
/// </summary>
public sealed class VisualizerListTests
{
    private static string Quickstart => Path.Combine(Repository.Root, "configs", "quickstart.yaml");

    private static string[] PlotFiles(string dir, string output)
    {
        var plots = Path.Combine(dir, output, "quickstart", "training_plots");
        return Directory.Exists(plots) ? Directory.GetFiles(plots, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).ToArray() : [];
    }

    [Fact]
    public void Train_VisualizersAbsentVersusEmptyList_DefaultFiguresOnlyWhenAbsent()
    {
        var dir = Repository.NewTempDirectory();
        var absent = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=60", "--set", "run.output_dir=absent");
        var empty = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=60", "--set", "run.output_dir=empty", "--set", "visualizers=[]");

        Assert.True(absent.ExitCode == 0, absent.All);
        Assert.True(empty.ExitCode == 0, empty.All);
        var defaults = PlotFiles(dir, "absent");
        Assert.Contains("quickstart_synthetic_statistics.csv", defaults);
        Assert.Contains(defaults, f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal));
        Assert.Empty(PlotFiles(dir, "empty"));
        // The run itself is complete: only the figures are left out.
        Assert.True(File.Exists(Path.Combine(dir, "empty", "quickstart", "synthetic_evaluation.json")));
    }
}
