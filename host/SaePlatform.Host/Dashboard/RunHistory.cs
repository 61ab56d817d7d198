using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Dashboard;

/// <summary>
/// One run's logged steps as the dashboard holds them: steps, wall times (unix seconds; NaN when the file has none) and
/// one float column per metric in first-seen order (NaN where a step did not log it). Filled from the streamed
/// <c>L_training_log.jsonl</c> incrementally (<see cref="Refresh"/> reads only the bytes appended since the last call and
/// leaves a partial last line for next time), or, for runs without one, from <c>L_training_history.json</c> or
/// <c>L_training_log.csv</c> read whole when they change. Thread-safe: readers take a <see cref="Snapshot"/>.
/// </summary>
internal sealed class RunHistory
{
    /// <summary>The first columns of <c>L_training_log.csv</c> (the brief's names) and the metric each holds.</summary>
    private static readonly Dictionary<string, string> CsvAliases = HistoryFiles.CsvLeadingColumns
        .Where(c => c.Column != "sparsity_l0")   // L0 / d_sae; metrics/l0 is the count
        .ToDictionary(c => c.Column, c => c.Metric, StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly List<long> _steps = [];
    private readonly List<double> _stepsAsX = [];
    private readonly List<double> _wall = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, List<float>> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private readonly List<(byte[] Utf8, string Name)> _keyOrder = [];
    private readonly List<(string Name, float Value)> _lineValues = [];
    private string? _source;
    private long _offset;
    private long _lineNumber;
    private long _length = -1;
    private DateTime _written;

    /// <summary>Increases whenever the held data or errors change.</summary>
    public long Version { get; private set; }

    /// <summary>Bytes the held columns take, about: 8 per step for the step, its x value and its wall time, 4 per metric value.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                long bytes = 24L * _steps.Count;
                foreach (var column in _columns.Values) bytes += 4L * column.Count;
                return bytes;
            }
        }
    }

    /// <summary>
    /// Reads what changed in the run's history files since the last call. Never throws for bad content: a line or file
    /// that cannot be read becomes an entry of <see cref="Snapshot"/>'s errors, naming the file and line.
    /// </summary>
    /// <param name="jsonl">The streamed history (used when it exists).</param>
    /// <param name="historyJson">The end-of-run history, read when there is no stream.</param>
    /// <param name="csv">The CSV history, read when there is neither.</param>
    public void Refresh(string jsonl, string historyJson, string csv)
    {
        lock (_gate)
        {
            try
            {
                if (File.Exists(jsonl)) RefreshStream(jsonl);
                else if (File.Exists(historyJson)) RefreshWhole(historyJson, ReadHistoryJson);
                else if (File.Exists(csv)) RefreshWhole(csv, ReadCsv);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being replaced or deleted right now: the next refresh sees the new file.
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="reader"/> on the held columns without copying them (the dashboard's charts read a
    /// 100,000-step history every second while a run trains beside it: no large arrays are made for that). The view is
    /// valid only inside the call.
    /// </summary>
    public T Read<T>(Func<HistoryView, T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_gate)
        {
            return reader(new HistoryView(_steps, _stepsAsX, _wall, _names, _columns, _errors, _source, Version));
        }
    }

    /// <summary>A consistent copy of the held columns (arrays shared with nobody).</summary>
    public HistorySnapshot Snapshot()
    {
        lock (_gate)
        {
            return new HistorySnapshot([.. _steps], [.. _wall], [.. _names], _names.ToDictionary(n => n, n => _columns[n].ToArray(), StringComparer.Ordinal),
                [.. _errors], _source, Version);
        }
    }

    private void Reset(string source)
    {
        _steps.Clear();
        _stepsAsX.Clear();
        _wall.Clear();
        _names.Clear();
        _columns.Clear();
        _errors.Clear();
        _source = source;
        _offset = 0;
        _lineNumber = 0;
        _length = -1;
        Version++;
    }

    private void RefreshStream(string path)
    {
        if (_source != path) Reset(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = stream.Length;
        if (length < _offset) Reset(path);   // rewritten from the start: read it again
        if (length == _offset) return;
        stream.Position = _offset;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length - _offset, 1 << 22));
        try
        {
            var pending = new List<byte>();
            int read;
            bool changed = false;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                int start = 0;
                for (int i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    ReadOnlySpan<byte> line = buffer.AsSpan(start, i - start);
                    if (pending.Count > 0)
                    {
                        pending.AddRange(line);
                        line = pending.ToArray();
                        pending.Clear();
                    }
                    _lineNumber++;
                    AppendLine(path, line);
                    _offset += line.Length + 1;
                    changed = true;
                    start = i + 1;
                }
                pending.AddRange(buffer.AsSpan(start, read - start));
            }
            // What follows the last newline is a line still being written (or cut by a crash): read it once it ends.
            if (changed) Version++;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void AppendLine(string path, ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("\uFEFF"u8)) line = line[3..];   // a byte-order mark written by some tools
        if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty) return;
        long step = -1;
        double wall = double.NaN;
        var values = _lineValues;
        values.Clear();
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not a JSON object");
            for (int k = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; k++)
            {
                string name = KeyAt(ref reader, k);
                reader.Read();
                if (name == "step") step = reader.GetInt64();
                else if (name == "wall_time") wall = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : double.NaN;
                else if (reader.TokenType == JsonTokenType.Number) values.Add((name, (float)reader.GetDouble()));
                else if (reader.TokenType == JsonTokenType.Null) values.Add((name, float.NaN));
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("the object does not end");
            if (step < 0) throw new JsonException("no \"step\"");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            AddError($"{path}, line {_lineNumber}: not a history line ({e.Message}); skipped.");
            return;
        }
        // A resumed run that went back to an earlier checkpoint logs those steps again: the newer values replace the old.
        if (_steps.Count > 0 && step <= _steps[^1]) Truncate(step);
        Append(step, wall, values);
    }

    /// <summary>
    /// The property name the reader is on. Lines repeat the same keys in the same order, so the k-th key is compared
    /// with the k-th key of the previous line (bytes, no allocation) before a new string is made.
    /// </summary>
    private string KeyAt(ref Utf8JsonReader reader, int k)
    {
        if (k < _keyOrder.Count && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(_keyOrder[k].Utf8)) return _keyOrder[k].Name;
        string name = reader.GetString()!;
        var key = (Encoding.UTF8.GetBytes(name), name);
        if (k < _keyOrder.Count) _keyOrder[k] = key; else _keyOrder.Add(key);
        return name;
    }

    private void Truncate(long fromStep)
    {
        int keep = _steps.BinarySearch(fromStep);
        if (keep < 0) keep = ~keep;
        int drop = _steps.Count - keep;
        _steps.RemoveRange(keep, drop);
        _stepsAsX.RemoveRange(keep, drop);
        _wall.RemoveRange(keep, drop);
        foreach (var column in _columns.Values) column.RemoveRange(keep, drop);
    }

    private void Append(long step, double wall, List<(string Name, float Value)> values)
    {
        _steps.Add(step);
        _stepsAsX.Add(step);
        _wall.Add(wall);
        foreach (var column in _columns.Values) column.Add(float.NaN);
        foreach (var (name, value) in values)
        {
            if (!_columns.TryGetValue(name, out var column))
            {
                column = [.. Enumerable.Repeat(float.NaN, _steps.Count)];
                _columns[name] = column;
                _names.Add(name);
            }
            column[^1] = value;
        }
    }

    private void AddError(string message)
    {
        const int MaxErrors = 5;
        if (_errors.Count < MaxErrors) _errors.Add(message);
        else if (_errors.Count == MaxErrors) _errors.Add("(further errors not shown)");
    }

    private void RefreshWhole(string path, Action<string> read)
    {
        var info = new FileInfo(path);
        if (_source == path && info.Length == _length && info.LastWriteTimeUtc == _written) return;
        Reset(path);
        _length = info.Length;
        _written = info.LastWriteTimeUtc;
        read(path);
    }

    private void ReadHistoryJson(string path)
    {
        try
        {
            var history = HistoryFiles.ReadJson(path);
            for (int i = 0; i < history.Steps.Count; i++)
                Append(history.Steps[i], double.NaN, history.MetricNames.Select(n => (n, (float)history.Get(n)![i])).ToList());
        }
        catch (InvalidDataException e)
        {
            AddError(e.Message);
        }
    }

    private void ReadCsv(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
        var header = reader.ReadLine()?.Split(',');
        if (header is null || header.Length == 0 || header[0] != "step")
        {
            AddError($"{path}, line 1: not a training log (the first column must be 'step').");
            return;
        }
        var names = header.Select(h => CsvAliases.GetValueOrDefault(h, h)).ToArray();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != header.Length || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step))
            {
                if (reader.Peek() >= 0) AddError($"{path}, line {lineNumber}: {cells.Length} cells for {header.Length} columns or no step; skipped.");
                continue;
            }
            var values = new List<(string, float)>();
            for (int c = 1; c < cells.Length; c++)
            {
                if (header[c] == "sparsity_l0") continue;
                float v = cells[c].Length == 0 ? float.NaN
                    : float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) ? parsed : float.NaN;
                values.Add((names[c], v));
            }
            if (_steps.Count > 0 && step <= _steps[^1]) Truncate(step);
            Append(step, double.NaN, values);
        }
    }
}

/// <summary>The columns of a <see cref="RunHistory"/> as held, during <see cref="RunHistory.Read"/>.</summary>
/// <param name="Steps">Logged steps, increasing.</param>
/// <param name="StepsAsX">The same steps as doubles (a chart's x).</param>
/// <param name="WallTimes">Unix seconds per step (NaN when unknown).</param>
/// <param name="Metrics">Metric names in first-seen order.</param>
/// <param name="Columns">Values per metric, one per step (NaN: not logged).</param>
/// <param name="Errors">Lines or files that could not be read.</param>
/// <param name="Source">The file read, or null.</param>
/// <param name="Version">The history's version.</param>
internal sealed record HistoryView(IReadOnlyList<long> Steps, IReadOnlyList<double> StepsAsX, IReadOnlyList<double> WallTimes, IReadOnlyList<string> Metrics,
    IReadOnlyDictionary<string, List<float>> Columns, IReadOnlyList<string> Errors, string? Source, long Version);

/// <summary>A copy of a <see cref="RunHistory"/>.</summary>
/// <param name="Steps">Logged steps, increasing.</param>
/// <param name="WallTimes">Unix seconds per step (NaN when unknown).</param>
/// <param name="Metrics">Metric names in first-seen order.</param>
/// <param name="Columns">Values per metric, one per step (NaN: not logged).</param>
/// <param name="Errors">Lines or files that could not be read, each naming the file and line.</param>
/// <param name="Source">The file read, or null when the run has no history yet.</param>
/// <param name="Version">The history's version when copied.</param>
internal sealed record HistorySnapshot(long[] Steps, double[] WallTimes, string[] Metrics, Dictionary<string, float[]> Columns,
    string[] Errors, string? Source, long Version);
