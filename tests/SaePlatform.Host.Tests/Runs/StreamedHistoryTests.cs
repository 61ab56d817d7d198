using System.Text;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Runs;

/// <summary>
/// The streamed history (<c>L_training_log.jsonl</c> and the CSV): each logged step is on disk once appended, a partial last
/// line is ignored by the reader, and a resume continues the files as if the run had never stopped.
/// </summary>
public sealed class StreamedHistoryTests
{
    private const int Features = 8;

    // Ten logged steps; a validation metric first appears at step 30 and a window metric at step 50, as in a real run.
    private static TrainingHistory TenSteps()
    {
        var h = new TrainingHistory();
        for (int i = 0; i < 10; i++)
        {
            var row = new Dictionary<string, double> { [MetricNames.OverallLoss] = 1.0 / (i + 1), [MetricNames.MseLoss] = 0.5 / (i + 1), [MetricNames.L0] = 4 - i * 0.25 };
            if (i >= 3) row["validation/losses/overall_loss"] = 0.75 - i * 0.01;
            if (i % 5 == 0 && i > 0) row[MetricNames.FeaturesBelow1e5] = i;
            if (i == 7) row[MetricNames.GradNorm] = double.PositiveInfinity;
            h.Append(i * 10, row);
        }
        return h;
    }

    private static TrainingHistory Prefix(TrainingHistory h, int rows)
    {
        var p = new TrainingHistory();
        for (int i = 0; i < rows; i++)
            p.Append(h.Steps[i], h.MetricNames.Where(n => !double.IsNaN(h.Get(n)![i])).ToDictionary(n => n, n => h.Get(n)![i]));
        return p;
    }

    /// <summary>Streams rows [from, to) of <paramref name="full"/> after opening with its first <paramref name="from"/> rows.</summary>
    private static void Stream(string jsonl, string csv, TrainingHistory full, int from, int to, Func<int, double> wallTime, Action<int>? afterRow = null)
    {
        var live = Prefix(full, from);
        using var s = StreamedHistory.Open(jsonl, csv, live, Features);
        for (int i = from; i < to; i++)
        {
            live.Append(full.Steps[i], full.MetricNames.Where(n => !double.IsNaN(full.Get(n)![i])).ToDictionary(n => n, n => full.Get(n)![i]));
            s.AppendLast(live, wallTime(i));
            afterRow?.Invoke(i);
        }
    }

    private static string[] CompleteLines(string path) =>
        File.ReadAllText(path).Split('\n')[..^1];

    [Fact]
    public void AppendLast_EachRowIsReadableAtOnce_WithItsMetricsWallTimeAndAValidCsvHeader()
    {
        var dir = Repository.NewTempDirectory();
        string jsonl = Path.Combine(dir, "L_training_log.jsonl"), csv = Path.Combine(dir, "L_training_log.csv");
        var full = TenSteps();
        Stream(jsonl, csv, full, 0, 10, i => 1_700_000_000.5 + i, afterRow: i =>
        {
            // Read by another handle while the writer still holds the files open: the row just logged is there.
            var lines = CompleteLines(jsonl);
            Assert.Equal(i + 1, lines.Length);
            using var doc = JsonDocument.Parse(lines[^1]);
            Assert.Equal(i * 10, doc.RootElement.GetProperty("step").GetInt64());
            Assert.Equal(1_700_000_000.5 + i, doc.RootElement.GetProperty("wall_time").GetDouble());
            Assert.Equal(1.0 / (i + 1), doc.RootElement.GetProperty("losses/overall_loss").GetDouble());
            // Validation appears from row 3 on and is absent before; an infinite value is null.
            Assert.Equal(i >= 3, doc.RootElement.TryGetProperty("validation/losses/overall_loss", out _));
            if (i == 7) Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("details/grad_norm").ValueKind);
            // Every CSV row has exactly the header's columns, also right after a new metric appeared.
            var rows = File.ReadAllLines(csv);
            Assert.Equal(i + 2, rows.Length);
            int columns = rows[0].Split(',').Length;
            Assert.All(rows, r => Assert.Equal(columns, r.Split(',').Length));
            Assert.Equal(i >= 3, rows[0].Contains("validation/losses/overall_loss", StringComparison.Ordinal));
        });

        // The streamed CSV is the end-of-run CSV, byte for byte.
        var endOfRun = Path.Combine(dir, "end.csv");
        HistoryFiles.WriteCsv(endOfRun, full, Features);
        Assert.Equal(File.ReadAllBytes(endOfRun), File.ReadAllBytes(csv));
        // sparsity_l0 is L0 / d_sae: 4 / 8 at step 0, hand-computed.
        Assert.StartsWith("0,1,0.5,,0.5,4,", File.ReadAllLines(csv)[1]);
    }

    [Fact]
    public void Read_PartialLastLine_IsIgnored_AndABrokenCompleteLineNamesFileAndLine()
    {
        var dir = Repository.NewTempDirectory();
        string jsonl = Path.Combine(dir, "L_training_log.jsonl"), csv = Path.Combine(dir, "L_training_log.csv");
        var full = TenSteps();
        Stream(jsonl, csv, full, 0, 4, i => 1000 + i);
        // A kill -9 in the middle of a write leaves a line without its newline.
        File.AppendAllText(jsonl, "{\"step\":40,\"wall_time\":1004,\"losses/overall_lo");

        var read = StreamedHistory.Read(jsonl);
        Assert.Equal([0L, 10, 20, 30], read.Steps);
        Assert.Equal([1.0, 0.5, 1.0 / 3, 0.25], read.Get(MetricNames.OverallLoss));
        Assert.True(double.IsNaN(read.Get("validation/losses/overall_loss")![0]));
        Assert.Equal(0.72, read.Get("validation/losses/overall_loss")![3]);
        Assert.DoesNotContain("wall_time", read.MetricNames);

        File.AppendAllText(jsonl, "\n");   // the same broken text as a complete line is an error, not silently skipped
        var ex = Assert.Throws<InvalidDataException>(() => StreamedHistory.Read(jsonl));
        Assert.Contains(jsonl, ex.Message);
        Assert.Contains("line 5", ex.Message);
    }

    [Fact]
    public void Open_OnResume_DropsRowsAfterTheCheckpointAndAPartialLine_ThenEqualsAnUninterruptedRun()
    {
        var dir = Repository.NewTempDirectory();
        var full = TenSteps();
        string straightJsonl = Path.Combine(dir, "s.jsonl"), straightCsv = Path.Combine(dir, "s.csv");
        Stream(straightJsonl, straightCsv, full, 0, 10, i => 5000 + i);

        // Interrupted: rows 0-7 written, then a partial line; the checkpoint holds rows 0-4 (steps 0-40).
        string jsonl = Path.Combine(dir, "r.jsonl"), csv = Path.Combine(dir, "r.csv");
        Stream(jsonl, csv, full, 0, 8, i => 5000 + i);
        File.AppendAllText(jsonl, "{\"step\":80,\"wall");
        // Resumed from the checkpoint with the same later wall times: the files equal the straight run's byte for byte.
        Stream(jsonl, csv, full, 5, 10, i => 5000 + i);

        Assert.Equal(File.ReadAllBytes(straightJsonl), File.ReadAllBytes(jsonl));
        Assert.Equal(File.ReadAllBytes(straightCsv), File.ReadAllBytes(csv));
        Assert.Equal(full.Steps, StreamedHistory.Read(jsonl).Steps);   // no step twice, none missing
    }

    [Fact]
    public void Open_OnResume_KeepsTheWallTimesOfRowsAlreadyWritten()
    {
        var dir = Repository.NewTempDirectory();
        var full = TenSteps();
        string jsonl = Path.Combine(dir, "r.jsonl"), csv = Path.Combine(dir, "r.csv");
        Stream(jsonl, csv, full, 0, 6, i => 100 + i);
        Stream(jsonl, csv, full, 3, 10, i => 900 + i);
        var wall = CompleteLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("wall_time").GetDouble()).ToArray();
        Assert.Equal([100.0, 101, 102, 903, 904, 905, 906, 907, 908, 909], wall);
    }

    [Fact]
    public void Read_ThroughHistoryFiles_PicksTheReaderByExtension()
    {
        var dir = Repository.NewTempDirectory();
        string jsonl = Path.Combine(dir, "L_training_log.jsonl");
        File.WriteAllText(jsonl, "{\"step\":0,\"wall_time\":null,\"metrics/l0\":3}\n{\"step\":5,\"metrics/l0\":null}\n", new UTF8Encoding(false));
        var read = HistoryFiles.Read(jsonl);
        Assert.Equal([0L, 5], read.Steps);
        Assert.Equal(3, read.Get(MetricNames.L0)![0]);
        Assert.True(double.IsNaN(read.Get(MetricNames.L0)![1]));
    }
}
