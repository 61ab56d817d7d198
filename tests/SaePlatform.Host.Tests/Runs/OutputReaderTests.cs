using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;

namespace SaePlatform.Host.Tests.Runs;

/// <summary>The history and evaluation readers are exact inverses of their writers.</summary>
public sealed class OutputReaderTests
{
    [Fact]
    public void ReadJson_HistoryWithLateMetricsAndNaN_WritesBackTheSameBytes()
    {
        var history = new TrainingHistory();
        history.Append(0, new Dictionary<string, double> { [MetricNames.OverallLoss] = 1.0 / 3, [MetricNames.MseLoss] = 0.1f, [MetricNames.L0] = 12.5 });
        history.Append(10, new Dictionary<string, double> { [MetricNames.OverallLoss] = double.NaN, [MetricNames.L0] = 3e-300, ["validation/losses/overall_loss"] = 0.25 });
        history.Append(20, new Dictionary<string, double> { [MetricNames.OverallLoss] = -0.0, [MetricNames.MseLoss] = 1e10 });
        var dir = Repository.NewTempDirectory();
        string a = Path.Combine(dir, "a.json"), b = Path.Combine(dir, "b.json");
        HistoryFiles.WriteJson(a, history);

        var read = HistoryFiles.ReadJson(a);
        HistoryFiles.WriteJson(b, read);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal([0L, 10, 20], read.Steps);
        Assert.Equal(history.MetricNames, read.MetricNames);
        Assert.True(double.IsNaN(read.Get("validation/losses/overall_loss")![0]));
        Assert.Equal(1.0 / 3, read.Get(MetricNames.OverallLoss)![0]);
        Assert.Null(read.Get(MetricNames.TotalLossAlias));   // aliases are not metrics of their own
    }

    [Fact]
    public void ReadJson_NotAHistory_ThrowsNamingTheFile()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), "h.json");
        File.WriteAllText(path, "{\"loss\": [1, 2]}");
        var ex = Assert.Throws<InvalidDataException>(() => HistoryFiles.ReadJson(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void EvaluationFileRead_WrittenResult_GivesBackValuesAndArrays()
    {
        var result = new EvaluationResult("test", 42, new Dictionary<string, double> { ["explained_variance"] = 0.91, ["l0"] = double.NaN })
        {
            Arrays = new Dictionary<string, double[]>
            {
                ["mse_per_row"] = [0.5, 1.25, double.PositiveInfinity],
                ["log10_feature_density"] = [-10, -2.5],
            },
        };
        var path = Path.Combine(Repository.NewTempDirectory(), "L_evaluation.json");
        EvaluationFile.Write(path, result);

        var read = EvaluationFile.Read(path);

        Assert.Equal("test", read.Split);
        Assert.Equal(42, read.Step);
        Assert.Equal(0.91, read.Values["explained_variance"]);
        Assert.True(double.IsNaN(read.Values["l0"]));
        Assert.Equal([0.5, 1.25, double.NaN], read.Arrays["mse_per_row"]);   // non-finite is written as null
        Assert.Equal([-10.0, -2.5], read.Arrays["log10_feature_density"]);
    }
}
