using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Visualization;

namespace SaePlatform.Host.Tests.Visualization;

/// <summary>Reading the files a run writes back into what a visualizer sees (also for <c>sae plot</c>).</summary>
public sealed class VisualizationInputsTests
{
    [Fact]
    public void ReadHistory_FileWrittenByTheRun_GivesBackStepsAndMetricsWithoutAliasDuplicates()
    {
        var history = new TrainingHistory();
        history.Append(0, new Dictionary<string, double> { [MetricNames.OverallLoss] = 3.5, [MetricNames.MseLoss] = 3.0, [MetricNames.L0] = 12 });
        history.Append(10, new Dictionary<string, double> { [MetricNames.OverallLoss] = 2.25, [MetricNames.MseLoss] = double.NaN, [MetricNames.L0] = 9 });
        var path = Path.Combine(Repository.NewTempDirectory(), "layer3_training_history.json");
        HistoryFiles.WriteJson(path, history);

        var read = HistoryFiles.ReadJson(path);

        Assert.Equal([0L, 10L], read.Steps);
        Assert.Equal([MetricNames.OverallLoss, MetricNames.MseLoss, MetricNames.L0], read.MetricNames);
        Assert.Equal([3.5, 2.25], read.Get(MetricNames.OverallLoss)!);
        Assert.Equal(3.0, read.Get(MetricNames.MseLoss)![0]);
        Assert.True(double.IsNaN(read.Get(MetricNames.MseLoss)![1]));
    }

    [Fact]
    public void ReadHistory_OnlyPlainAliases_MapsThemToTheMetricNames()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), "h.json");
        File.WriteAllText(path, """{"step": [1, 2], "total_loss": [5, 4], "l0_norm": [7, null]}""");

        var read = HistoryFiles.ReadJson(path);

        Assert.Equal([5.0, 4.0], read.Get(MetricNames.OverallLoss)!);
        Assert.Equal(7.0, read.Get(MetricNames.L0)![0]);
    }

    [Fact]
    public void ReadHistory_ColumnsOfDifferentLength_ThrowsNamingFileAndKey()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), "bad_training_history.json");
        File.WriteAllText(path, """{"step": [1, 2, 3], "losses/mse_loss": [1, 2]}""");

        var error = Assert.Throws<InvalidDataException>(() => HistoryFiles.ReadJson(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("losses/mse_loss", error.Message);
    }

    [Fact]
    public void ReadEvaluation_FileWrittenByTheRun_GivesBackSplitStepAndValues()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), "l_evaluation.json");
        EvaluationFile.Write(path, new EvaluationResult("test", 300, new Dictionary<string, double> { ["explained_variance"] = 0.91, ["l0"] = double.NaN }));

        var read = EvaluationFile.Read(path);

        Assert.Equal("test", read.Split);
        Assert.Equal(300, read.Step);
        Assert.Equal(0.91, read.Values["explained_variance"]);
        Assert.True(double.IsNaN(read.Values["l0"]));
    }

    [Fact]
    public void ReadEvaluation_Arrays_AreReadWithNullsAsNaN()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), "e.json");
        File.WriteAllText(path, """{"split": "test", "step": 5, "arrays": {"mse_per_row": [1.5, 2], "log10_feature_density": [-3, null]}}""");

        var read = EvaluationFile.Read(path);

        Assert.Equal([1.5, 2.0], read.Arrays["mse_per_row"]);
        Assert.Equal(-3.0, read.Arrays["log10_feature_density"][0]);
        Assert.True(double.IsNaN(read.Arrays["log10_feature_density"][1]));
    }
}
