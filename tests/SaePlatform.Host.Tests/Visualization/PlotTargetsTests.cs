using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Visualization;

namespace SaePlatform.Host.Tests.Visualization;

/// <summary><c>sae plot</c>'s discovery of saved histories and its option parsing.</summary>
public sealed class PlotTargetsTests
{
    private static string Tree()
    {
        var root = Repository.NewTempDirectory();
        foreach (var file in new[] { "gpt2/layer10_training_history.json", "gpt2/layer2_training_history.json", "gpt2/layer2_evaluation.json",
                                     "EleutherAI-pythia-70m/blocks.3_training_history.json", "empty-model/notes.txt" })
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "{}");
        }
        return root;
    }

    [Fact]
    public void Discover_SaeDir_FindsEveryModelAndLayerWithPlotsNextToThem()
    {
        var root = Tree();

        var targets = PlotTargets.Discover(root, null, null, null);

        Assert.Equal(["EleutherAI-pythia-70m/blocks.3", "gpt2/layer10", "gpt2/layer2"], targets.Select(t => $"{t.Model}/{t.Layer}"));
        Assert.Equal(Path.Combine(root, "gpt2", "training_plots"), targets[1].OutputDirectory);
        Assert.Equal(Path.Combine(root, "gpt2", "layer10_training_history.json"), targets[1].HistoryPath);
    }

    [Fact]
    public void Discover_ModelNameAsWrittenInTheConfig_SelectsItsSanitisedFolder()
    {
        var targets = PlotTargets.Discover(Tree(), "EleutherAI/pythia-70m", null, null);

        Assert.Equal("blocks.3", Assert.Single(targets).Layer);
    }

    [Fact]
    public void Discover_HistoryFileAndOutputDir_PlotsOnlyThatLayerThere()
    {
        var root = Tree();
        var output = Path.Combine(root, "figs");

        var target = Assert.Single(PlotTargets.Discover("ignored", null, Path.Combine(root, "gpt2", "layer2_training_history.json"), output));

        Assert.Equal(("gpt2", "layer2", output), (target.Model, target.Layer, target.OutputDirectory));
    }

    [Fact]
    public void Discover_NoHistories_ThrowsNamingTheFolder()
    {
        var root = Repository.NewTempDirectory();

        var error = Assert.Throws<PlotUsageException>(() => PlotTargets.Discover(root, null, null, null));

        Assert.Contains(root, error.Message);
        Assert.Contains("_training_history.json", error.Message);
    }

    [Fact]
    public void Discover_UnknownModel_ThrowsNamingIt()
    {
        var error = Assert.Throws<PlotUsageException>(() => PlotTargets.Discover(Tree(), "llama", null, null));
        Assert.Contains("'llama'", error.Message);
    }

    [Fact]
    public void ParseFormats_CommaListsAndRepeats_LowerCaseWithoutDuplicates()
    {
        Assert.Equal(["png", "svg", "pdf"], PlotTargets.ParseFormats(["PNG,svg", "pdf", "png"]));
        Assert.Equal(["png"], PlotTargets.ParseFormats([]));
    }

    [Fact]
    public void ParseFormats_Unknown_ThrowsNamingIt()
    {
        var error = Assert.Throws<PlotUsageException>(() => PlotTargets.ParseFormats(["png,jpeg"]));
        Assert.Contains("'jpeg'", error.Message);
    }
}
