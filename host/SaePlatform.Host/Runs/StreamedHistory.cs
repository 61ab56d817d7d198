using System.Globalization;
using System.Text;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// The history as it is logged: <c>M/L_training_log.jsonl</c> (one JSON object per logged step and line:
/// <c>{"step": 120, "wall_time": 1733567890.123, "losses/overall_loss": 0.41, ...}</c>) and <c>M/L_training_log.csv</c>,
/// both appended and flushed at every logged step, so that another process reads them during the run and a killed run
/// loses at most its last, partial line. docs/metrics.md describes both files.
/// </summary>
/// <remarks>
/// A line holds the metrics logged at its step under their history names; a metric not logged there is absent (the
/// history's NaN), a logged infinite value is null. The CSV's columns are those of <see cref="HistoryFiles.WriteCsv"/>;
/// when a metric appears for the first time (validation, density-window or dead-feature metrics), the CSV is rewritten
/// whole (atomically) with the new column, so that its header always names every column of every row. On resume from a
/// checkpoint at step S both files are rewritten from the checkpoint's history (rows after S and a partial line are
/// dropped; each kept row keeps its wall_time), then appended to: the files equal an uninterrupted run's but for wall_time.
/// </remarks>
internal sealed class StreamedHistory : IDisposable
{
    /// <summary>Name of the JSON member holding the step.</summary>
    public const string StepKey = "step";

    /// <summary>Name of the JSON member holding the wall-clock time the step was logged (Unix seconds).</summary>
    public const string WallTimeKey = "wall_time";

    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly string _jsonlPath;
    private readonly string _csvPath;
    private readonly int _featureCount;
    private readonly StringBuilder _line = new(512);
    private FileStream _jsonl;
    private FileStream? _csv;
    private HistoryFiles.CsvColumns _columns;

    private StreamedHistory(string jsonlPath, string csvPath, int featureCount, FileStream jsonl, FileStream? csv, HistoryFiles.CsvColumns columns)
    {
        _jsonlPath = jsonlPath;
        _csvPath = csvPath;
        _featureCount = featureCount;
        _jsonl = jsonl;
        _csv = csv;
        _columns = columns;
    }

    /// <summary>
    /// Starts the files: empty for a fresh run (<paramref name="history"/> empty), or rewritten to hold exactly the rows
    /// of <paramref name="history"/> (a resumed checkpoint's), keeping the wall_time of rows already in the JSONL file.
    /// </summary>
    public static StreamedHistory Open(string jsonlPath, string csvPath, TrainingHistory history, int featureCount)
    {
        var wallTimes = history.Steps.Count > 0 && File.Exists(jsonlPath) ? ReadWallTimes(jsonlPath) : [];
        AtomicFile.Write(jsonlPath, stream =>
        {
            var sb = new StringBuilder();
            for (int i = 0; i < history.Steps.Count; i++)
            {
                sb.Clear();
                AppendLine(sb, history, i, wallTimes.GetValueOrDefault(history.Steps[i], double.NaN));
                var bytes = Utf8.GetBytes(sb.ToString());
                stream.Write(bytes);
            }
        });
        var columns = HistoryFiles.CsvColumns.For(history);
        HistoryFiles.WriteCsv(csvPath, history, featureCount);
        return new StreamedHistory(jsonlPath, csvPath, featureCount, OpenAppend(jsonlPath), OpenAppend(csvPath), columns);
    }

    /// <summary>Appends the history's last row to both files and flushes them to the operating system.</summary>
    public void AppendLast(TrainingHistory history, double wallTime)
    {
        int i = history.Steps.Count - 1;
        _line.Clear();
        AppendLine(_line, history, i, wallTime);
        Write(_jsonl, _line);
        _line.Clear();
        if (history.MetricNames.Count != _columns.MetricCount)
        {
            // A new metric: rewrite the CSV with its column (readers holding the old file keep a consistent old copy).
            _csv?.Dispose();
            _csv = null;
            _columns = HistoryFiles.CsvColumns.For(history);
            HistoryFiles.WriteCsv(_csvPath, history, _featureCount);
            _csv = OpenAppend(_csvPath);
            return;
        }
        _columns.AppendRow(_line, history, i, _featureCount);
        Write(_csv!, _line);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _jsonl.Dispose();
        _csv?.Dispose();
    }

    private static FileStream OpenAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    private static void Write(FileStream stream, StringBuilder text)
    {
        stream.Write(Utf8.GetBytes(text.ToString()));
        // To the operating system, not the disk: a killed process loses nothing written here, a power cut may.
        stream.Flush(flushToDisk: false);
    }

    /// <summary>One JSONL line (with its newline) for row <paramref name="i"/>; a NaN wall time is written as null.</summary>
    internal static void AppendLine(StringBuilder sb, TrainingHistory history, int i, double wallTime)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber(StepKey, history.Steps[i]);
            if (double.IsFinite(wallTime)) w.WriteNumber(WallTimeKey, wallTime); else w.WriteNull(WallTimeKey);
            foreach (var name in history.MetricNames)
            {
                double v = history.Get(name)![i];
                if (double.IsNaN(v)) continue;   // not logged at this step
                if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
            }
            w.WriteEndObject();
        }
        sb.Append(Utf8.GetString(buffer.WrittenSpan)).Append('\n');
    }

    /// <summary>
    /// Reads a JSONL history (also while it is written): every complete line, in order; a last line without its newline
    /// (a write cut short by a kill) is ignored. Null values read as NaN.
    /// </summary>
    /// <exception cref="InvalidDataException">A complete line is not a history row (message names the file and line).</exception>
    public static TrainingHistory Read(string path)
    {
        var history = new TrainingHistory();
        foreach (var (number, root) in Lines(path))
        {
            using (root)
            {
                var row = new Dictionary<string, double>();
                long step = -1;
                try
                {
                    foreach (var p in root.RootElement.EnumerateObject())
                    {
                        if (p.Name == StepKey) step = p.Value.GetInt64();
                        else if (p.Name != WallTimeKey) row[p.Name] = JsonNumbers.Read(p.Value);
                    }
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                {
                    throw new InvalidDataException($"{path}: line {number} holds a value that is not a number ({ex.Message}).", ex);
                }
                if (step < 0) throw new InvalidDataException($"{path}: line {number} has no '{StepKey}'.");
                history.Append(step, row);
            }
        }
        return history;
    }

    private static Dictionary<long, double> ReadWallTimes(string path)
    {
        var result = new Dictionary<long, double>();
        try
        {
            foreach (var (_, root) in Lines(path))
            {
                using (root)
                {
                    var r = root.RootElement;
                    if (r.TryGetProperty(StepKey, out var s) && r.TryGetProperty(WallTimeKey, out var t))
                        result[s.GetInt64()] = JsonNumbers.Read(t);
                }
            }
        }
        catch (InvalidDataException)
        {
            // A damaged earlier file only costs the wall times: the rows themselves come from the checkpoint.
        }
        return result;
    }

    private static IEnumerable<(int Number, JsonDocument Row)> Lines(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        int start = 0, number = 0;
        while (true)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) yield break;   // no newline: the partial last line of a write cut short
            number++;
            var line = new ReadOnlyMemory<byte>(bytes, start, end - start);
            start = end + 1;
            if (line.Span.Trim((byte)' ').IsEmpty) continue;
            JsonDocument row;
            try
            {
                row = JsonDocument.Parse(line);
                if (row.RootElement.ValueKind != JsonValueKind.Object)
                {
                    row.Dispose();
                    throw new InvalidDataException($"{path}: line {number} is not a JSON object.");
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {number} is not a history row ({ex.Message}).", ex);
            }
            yield return (number, row);
        }
    }

    /// <summary>Unix seconds now, to the millisecond.</summary>
    public static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>For messages: the paths written.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_jsonlPath}, {_csvPath}");
}
