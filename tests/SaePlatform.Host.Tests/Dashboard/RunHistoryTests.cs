using System.Text;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>Reading a run's history as it is written: the streamed JSON Lines file, and the CSV of older runs.</summary>
public sealed class RunHistoryTests
{
    private readonly string _dir = Repository.NewTempDirectory();

    private string Jsonl => Path.Combine(_dir, "L_training_log.jsonl");
    private string Json => Path.Combine(_dir, "L_training_history.json");
    private string Csv => Path.Combine(_dir, "L_training_log.csv");

    private void Append(string text) => File.AppendAllText(Jsonl, text, Encoding.UTF8);

    [Fact]
    public void Stream_PartialLastLine_IsIgnoredUntilItEnds()
    {
        var history = new RunHistory();
        Append("{\"step\": 10, \"wall_time\": 1700000000.5, \"losses/overall_loss\": 2.5, \"metrics/l0\": null}\n{\"step\": 20, \"wall_ti");

        history.Refresh(Jsonl, Json, Csv);
        var first = history.Snapshot();
        Append("me\": 1700000001.25, \"losses/overall_loss\": 1.5, \"metrics/l0\": 12}\n");
        history.Refresh(Jsonl, Json, Csv);
        var second = history.Snapshot();

        Assert.Equal([10L], first.Steps);
        Assert.Empty(first.Errors);
        Assert.Equal([10L, 20L], second.Steps);
        Assert.Equal([1700000000.5, 1700000001.25], second.WallTimes);
        Assert.Equal([2.5f, 1.5f], second.Columns["losses/overall_loss"]);
        Assert.True(float.IsNaN(second.Columns["metrics/l0"][0]));
        Assert.Equal(12f, second.Columns["metrics/l0"][1]);
        Assert.True(second.Version > first.Version);
    }

    [Fact]
    public void Stream_MalformedLine_IsAnErrorNamingFileAndLine_AndTheOthersAreKept()
    {
        var history = new RunHistory();
        Append("{\"step\": 1, \"a\": 1}\nthis is not json\n[1, 2]\n{\"step\": 3, \"a\": 3}\n");

        history.Refresh(Jsonl, Json, Csv);
        var snapshot = history.Snapshot();

        Assert.Equal([1L, 3L], snapshot.Steps);
        Assert.Equal(2, snapshot.Errors.Length);
        Assert.Contains($"{Jsonl}, line 2", snapshot.Errors[0]);
        Assert.Contains($"{Jsonl}, line 3", snapshot.Errors[1]);
    }

    [Fact]
    public void Stream_MetricFirstSeenLater_IsPaddedWithGaps()
    {
        var history = new RunHistory();
        Append("{\"step\": 1, \"a\": 1}\n{\"step\": 2, \"a\": 2, \"feature_density_hist/zero\": 7}\n{\"step\": 3, \"a\": 3}\n");

        history.Refresh(Jsonl, Json, Csv);
        var column = history.Snapshot().Columns["feature_density_hist/zero"];

        Assert.Equal(3, column.Length);
        Assert.True(float.IsNaN(column[0]) && float.IsNaN(column[2]));
        Assert.Equal(7f, column[1]);
    }

    [Fact]
    public void Stream_StepsLoggedAgain_ReplaceTheOldOnes_AndARewrittenFileIsReadAgain()
    {
        var history = new RunHistory();
        Append("{\"step\": 1, \"a\": 1}\n{\"step\": 2, \"a\": 2}\n{\"step\": 3, \"a\": 3}\n");
        history.Refresh(Jsonl, Json, Csv);
        Append("{\"step\": 2, \"a\": 20}\n");
        history.Refresh(Jsonl, Json, Csv);
        var resumed = history.Snapshot();
        File.WriteAllText(Jsonl, "{\"step\": 5, \"a\": 5}\n");
        history.Refresh(Jsonl, Json, Csv);
        var rewritten = history.Snapshot();

        Assert.Equal([1L, 2L], resumed.Steps);
        Assert.Equal([1f, 20f], resumed.Columns["a"]);
        Assert.Equal([5L], rewritten.Steps);
    }

    [Fact]
    public void Csv_WithoutStream_IsReadWithItsBriefColumnsAsMetrics()
    {
        File.WriteAllText(Csv, "step,total_loss,recon_loss,sparsity_loss,sparsity_l0,metrics/l0\n0,3,2,1,0.5,256\n10,1.5,1,0.5,0.25,\n");
        var history = new RunHistory();

        history.Refresh(Jsonl, Json, Csv);
        var snapshot = history.Snapshot();

        Assert.Equal([0L, 10L], snapshot.Steps);
        Assert.Equal([3f, 1.5f], snapshot.Columns["losses/overall_loss"]);
        Assert.Equal([2f, 1f], snapshot.Columns["losses/mse_loss"]);
        Assert.Equal(256f, snapshot.Columns["metrics/l0"][0]);
        Assert.True(float.IsNaN(snapshot.Columns["metrics/l0"][1]));
        Assert.DoesNotContain("sparsity_l0", snapshot.Metrics);
        Assert.True(snapshot.WallTimes.All(double.IsNaN));
    }

    [Fact]
    public void Csv_NotATrainingLog_IsAnError()
    {
        File.WriteAllText(Csv, "garbage,here\n1,2\n");
        var history = new RunHistory();

        history.Refresh(Jsonl, Json, Csv);

        Assert.Contains($"{Csv}, line 1", Assert.Single(history.Snapshot().Errors));
    }
}
