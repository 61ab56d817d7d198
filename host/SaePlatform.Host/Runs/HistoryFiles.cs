using System.Globalization;
using System.Text;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// Writes the training history as JSON (<c>step</c> plus one array per metric, each under its one name from
/// <see cref="MetricNames"/>; no alias duplicates) and CSV (<c>step,total_loss,recon_loss,sparsity_loss,sparsity_l0</c>,
/// the brief's columns, then every other metric under its history name, <c>metrics/l0</c> included). Units and meaning
/// of every column: docs/metrics.md. Non-finite values (and metrics not logged at a step) are written as null / empty.
/// </summary>
internal static class HistoryFiles
{
    // Plain names of older history files (and of the brief), read as their metric when the metric itself is absent.
    private static readonly (string Alias, string Metric)[] JsonAliases =
    [
        (MetricNames.TotalLossAlias, MetricNames.OverallLoss),
        (MetricNames.ReconstructionLossAlias, MetricNames.MseLoss),
        (MetricNames.SparsityLossAlias, MetricNames.SparsityLoss),
        (MetricNames.L0Alias, MetricNames.L0),
    ];

    /// <summary>
    /// The CSV's first columns after <c>step</c> (the product brief's names) and the metric each holds: total loss,
    /// reconstruction (MSE) loss, sparsity loss, all in the training rows' units; <c>sparsity_l0</c> is L0 / d_sae,
    /// the fraction of the dictionary active per row (L0 itself is the <c>metrics/l0</c> column).
    /// </summary>
    internal static readonly (string Column, string Metric)[] CsvLeadingColumns =
    [
        ("total_loss", MetricNames.OverallLoss),
        ("recon_loss", MetricNames.MseLoss),
        ("sparsity_loss", MetricNames.SparsityLoss),
        ("sparsity_l0", MetricNames.L0),
    ];

    public static void WriteJson(string path, TrainingHistory history)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteStartArray("step");
            foreach (var s in history.Steps) w.WriteNumberValue(s);
            w.WriteEndArray();
            foreach (var name in history.MetricNames) WriteColumn(w, name, history.Get(name));
            w.WriteEndObject();
        });
    }

    /// <summary>A history file of either kind: the streamed <c>.jsonl</c> (<see cref="StreamedHistory.Read"/>) or <see cref="ReadJson"/>.</summary>
    /// <exception cref="InvalidDataException">The file is malformed (message names it).</exception>
    internal static TrainingHistory Read(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? StreamedHistory.Read(path) : ReadJson(path);

    /// <summary>
    /// Reads a history written by <see cref="WriteJson"/> (the inverse: nulls become NaN, metric order is kept), so that
    /// writing it again gives the same bytes. An older file holding the plain aliases (<c>total_loss</c>, ...) gives
    /// their metrics (skipped where the metric itself is present too).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a history file or its columns differ in length (message names it).</exception>
    internal static TrainingHistory ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var steps = root.GetProperty("step");
            int n = steps.GetArrayLength();
            var columns = new List<(string Name, double[] Values)>();
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name == "step") continue;
                string name = p.Name;
                int alias = Array.FindIndex(JsonAliases, a => a.Alias == p.Name);
                if (alias >= 0)
                {
                    // An alias duplicates its metric; a file with only the alias (older or foreign tools) still gives the metric.
                    if (root.TryGetProperty(JsonAliases[alias].Metric, out _)) continue;
                    name = JsonAliases[alias].Metric;
                }
                var values = JsonNumbers.ReadArray(p.Value);
                if (values.Length != n)
                    throw new InvalidDataException($"{path}: column '{p.Name}' has {values.Length} values, 'step' has {n}.");
                columns.Add((name, values));
            }
            var history = new TrainingHistory();
            int i = 0;
            foreach (var s in steps.EnumerateArray())
            {
                var row = new Dictionary<string, double>(columns.Count);
                foreach (var (name, values) in columns) row[name] = values[i];
                history.Append(s.GetInt64(), row);
                i++;
            }
            return history;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a training history file ({ex.Message}).", ex);
        }
    }

    private static void WriteColumn(Utf8JsonWriter w, string name, IReadOnlyList<double>? column)
    {
        if (column is null) return;
        w.WriteStartArray(name);
        foreach (var v in column)
            if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
        w.WriteEndArray();
    }

    public static void WriteCsv(string path, TrainingHistory history, int featureCount)
    {
        var sb = new StringBuilder();
        var columns = CsvColumns.For(history);
        columns.AppendHeader(sb);
        for (int i = 0; i < history.Steps.Count; i++) columns.AppendRow(sb, history, i, featureCount);
        AtomicFile.WriteText(path, sb.ToString());
    }

    /// <summary>
    /// The CSV's columns for a history: <c>step</c>, the <see cref="CsvLeadingColumns"/> (always, empty where never logged),
    /// then every other metric in first-logged order. A history that gains a metric gains a column at the end.
    /// </summary>
    internal sealed class CsvColumns
    {
        private readonly string[] _leading = CsvLeadingColumns.Select(c => c.Metric).ToArray();
        private readonly List<string> _others;

        private CsvColumns(List<string> others) => _others = others;

        /// <summary>How many of the history's metrics the columns cover (compare with <see cref="TrainingHistory.MetricNames"/>).</summary>
        public int MetricCount { get; private init; }

        public static CsvColumns For(TrainingHistory history)
        {
            var leading = CsvLeadingColumns.Select(c => c.Metric).ToArray();
            // Every metric but the three losses follows under its own name; L0 stays as a count there (sparsity_l0 is the fraction).
            var others = history.MetricNames.Where(n => n == MetricNames.L0 || Array.IndexOf(leading, n) < 0).ToList();
            return new CsvColumns(others) { MetricCount = history.MetricNames.Count };
        }

        public void AppendHeader(StringBuilder sb)
        {
            sb.Append("step");
            foreach (var (column, _) in CsvLeadingColumns) sb.Append(',').Append(column);
            foreach (var n in _others) sb.Append(',').Append(n);
            sb.Append('\n');
        }

        /// <summary>Row <paramref name="i"/> of <paramref name="history"/>, with a newline.</summary>
        public void AppendRow(StringBuilder sb, TrainingHistory history, int i, int featureCount)
        {
            sb.Append(history.Steps[i].ToString(CultureInfo.InvariantCulture));
            foreach (var metric in _leading)
            {
                double v = history.Get(metric) is { } col ? col[i] : double.NaN;
                if (metric == MetricNames.L0) v /= featureCount;
                AppendValue(sb, v);
            }
            foreach (var metric in _others) AppendValue(sb, history.Get(metric)![i]);
            sb.Append('\n');
        }
    }

    private static void AppendValue(StringBuilder sb, double v)
    {
        sb.Append(',');
        if (double.IsFinite(v)) sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
    }
}
