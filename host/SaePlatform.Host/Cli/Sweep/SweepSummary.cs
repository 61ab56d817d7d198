using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>One row of the sweep summary: a point's swept values and results, read from its files.</summary>
internal sealed record SweepRow(int Index, string Point, string Model, string Layer, IReadOnlyList<(string Key, string Value)> Values, string Status,
    double FinalExplainedVariance, double TestExplainedVariance, double L0, double Mse, double DeadFraction, long Steps, double WallSeconds,
    int? ExitCode, string Log, string Folder);

/// <summary>
/// <c>M/sweep_summary.csv</c> and <c>M/sweep_summary.json</c>: per point and layer the swept values, the final explained
/// variance of training (last logged step), the test evaluation (explained variance, L0, MSE per row in input units, dead
/// fraction), steps completed, wall time (the sum of the run's training sessions), status, exit code and log.
/// </summary>
internal static partial class SweepSummary
{
    /// <summary>The summary file stem under each model folder.</summary>
    public const string FileStem = "sweep_summary";

    [GeneratedRegex(@"\bFinished .+ \((\w+)\) in ([0-9.]+) s;", RegexOptions.CultureInvariant)]
    private static partial Regex FinishedLine();

    /// <summary>The row of <paramref name="point"/> from its files (its state from <see cref="PointStatus"/> unless this sweep ran it).</summary>
    public static SweepRow Read(SweepPointRun point)
    {
        var paths = point.Paths;
        var state = point.ExitCode is null || point.Skipped ? PointStatus.Of(paths) : point.State;
        double testEv = double.NaN, l0 = double.NaN, mse = double.NaN, dead = double.NaN;
        if (File.Exists(paths.EvaluationJson))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(paths.EvaluationJson));
            var root = doc.RootElement;
            double Get(string key) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
            (testEv, l0, mse, dead) = (Get(MetricNames.Evaluation.ExplainedVariance), Get(MetricNames.Evaluation.L0), Get(MetricNames.Evaluation.MsePerRowMean),
                Get(MetricNames.Evaluation.DeadFraction));
        }
        var finalEv = TrainingLog.Read(paths.HistoryCsv, MetricNames.ExplainedVariance) is { Count: > 0 } ev ? ev[^1].Value : double.NaN;
        long steps = File.Exists(paths.RunHealthJson) ? TryHealthSteps(paths) : 0;
        var unit = point.Unit.Unit;
        return new SweepRow(unit.Index, unit.Point?.Name ?? "", unit.Model ?? paths.Model, unit.Layer ?? paths.Layer,
            [.. (unit.Point?.Values ?? []).Select(v => (v.Key, v.Text))], PointStatus.Name(state), finalEv, testEv, l0, mse, dead, steps, WallSeconds(paths.TrainLog),
            point.ExitCode, point.LogPath, paths.ModelDirectory);
    }

    private static long TryHealthSteps(RunPaths paths)
    {
        try
        {
            return RunHealthFile.Read(paths.RunHealthJson).StepsCompleted;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    // The run's training sessions (a resumed run has several), each logged as "Finished m/l (Outcome) in 12.3 s; ...".
    private static double WallSeconds(string trainLog)
    {
        if (!File.Exists(trainLog)) return double.NaN;
        var total = 0.0;
        var any = false;
        foreach (var line in File.ReadLines(trainLog))
            if (FinishedLine().Match(line) is { Success: true } m)
            {
                total += double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                any = true;
            }
        return any ? total : double.NaN;
    }

    /// <summary>Writes the rows of each model into <c>output_dir/model/sweep_summary.{csv,json}</c>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string modelDirectory, IReadOnlyList<SweepRow> rows)
    {
        Directory.CreateDirectory(modelDirectory);
        var keys = rows.SelectMany(r => r.Values.Select(v => v.Key)).Distinct(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        csv.AppendJoin(',', ["index", "point", "model", "layer", .. keys, "status", "final_explained_variance", "test_explained_variance", "l0", "mse",
            "dead_fraction", "steps", "wall_seconds", "exit_code", "log"]);
        csv.Append('\n');
        foreach (var r in rows)
        {
            var values = keys.Select(k => r.Values.FirstOrDefault(v => v.Key == k).Value ?? "");
            csv.AppendJoin(',', [Num(r.Index), Csv(r.Point), Csv(r.Model), Csv(r.Layer), .. values.Select(Csv), r.Status, Num(r.FinalExplainedVariance),
                Num(r.TestExplainedVariance), Num(r.L0), Num(r.Mse), Num(r.DeadFraction), Num(r.Steps), Num(r.WallSeconds), r.ExitCode is { } c ? Num(c) : "", Csv(r.Log)]);
            csv.Append('\n');
        }
        var csvPath = Path.Combine(modelDirectory, FileStem + ".csv");
        var jsonPath = Path.Combine(modelDirectory, FileStem + ".json");
        AtomicFile.WriteText(csvPath, csv.ToString());
        AtomicFile.Write(jsonPath, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteStartArray("swept_keys");
            foreach (var k in keys) w.WriteStringValue(k);
            w.WriteEndArray();
            w.WriteStartArray("points");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteNumber("index", r.Index);
                w.WriteString("point", r.Point);
                w.WriteString("model", r.Model);
                w.WriteString("layer", r.Layer);
                w.WriteStartObject("values");
                foreach (var (key, value) in r.Values) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteString("status", r.Status);
                Number(w, "final_explained_variance", r.FinalExplainedVariance);
                Number(w, "test_explained_variance", r.TestExplainedVariance);
                Number(w, "l0", r.L0);
                Number(w, "mse", r.Mse);
                Number(w, "dead_fraction", r.DeadFraction);
                w.WriteNumber("steps", r.Steps);
                Number(w, "wall_seconds", r.WallSeconds);
                if (r.ExitCode is { } code) w.WriteNumber("exit_code", code);
                else w.WriteNull("exit_code");
                w.WriteString("log", r.Log);
                w.WriteString("folder", r.Folder);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return [csvPath, jsonPath];
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static string Num(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Reads one column of a run's <c>M/L_training_log.csv</c> (step and value of each row that has one).</summary>
internal static class TrainingLog
{
    /// <summary>(step, value) of every row where <paramref name="column"/> holds a number; empty when the file or column is missing.</summary>
    public static List<(double Step, double Value)> Read(string path, string column)
    {
        var result = new List<(double, double)>();
        if (!File.Exists(path)) return result;
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',');
        var index = header is null ? -1 : Array.IndexOf(header, column);
        var stepIndex = header is null ? -1 : Array.IndexOf(header, "step");
        if (index < 0 || stepIndex < 0) return result;
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length <= Math.Max(index, stepIndex)) continue;
            if (double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.TryParse(cells[stepIndex], NumberStyles.Float, CultureInfo.InvariantCulture, out var step))
                result.Add((step, value));
        }
        return result;
    }
}
