using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Options of <c>statistics</c>.</summary>
public sealed class StatisticsOptions
{
    /// <summary>Logged points in the convergence window; unset = a tenth of the run, at least 10.</summary>
    [Range(2, int.MaxValue)]
    [Description("Logged points in the final window of the convergence test; unset = 10% of the run (at least 10).")]
    public int? Window { get; set; }

    /// <summary>Coefficient of variation below which a loss counts as converged.</summary>
    [Range(0.0, 10.0)]
    [Description("Coefficient of variation (std/|mean|) over the final window below which a loss is converged.")]
    public double Threshold { get; set; } = 0.05;

    /// <summary>Target L0 the final L0 is compared with; unset = no comparison.</summary>
    [Range(0.0, double.MaxValue)]
    [Description("Target L0 (active features per row) the final L0 is compared with; unset = no comparison.")]
    public double? TargetL0 { get; set; }

    /// <summary>Relative distance of the final L0 from the target still counted as on target.</summary>
    [Range(0.0, 10.0)]
    [Description("Relative tolerance of the final-window L0 around target_l0 (0.2 = within 20%).")]
    public double L0Tolerance { get; set; } = 0.2;
}

/// <summary>
/// <c>M_L_statistics.csv</c>: initial, final, min, max, mean, std, change and change % of every metric logged more than once
/// (change % "n/a" with the reason where the initial value is ~0); <c>M_L_logged_once.csv</c>: the metrics logged at one step;
/// <c>M_L_convergence.json</c>: per loss the coefficient of variation and the slope test over the final window, non-finite
/// values, divergence and spikes, L0 against its target, and one verdict, also logged. The verdict is the run's own
/// (<see cref="VisualizationContext.Health"/>: converged / still improving / interrupted / degenerate / diverged, with
/// its reasons and the warnings raised while training) when the run saved one; for an older history alone it is judged
/// from the losses only ("still improving" by the slope test, else by the coefficient of variation).
/// </summary>
[Visualizer("statistics", Description = "Statistics table (CSV) and convergence report (JSON, logged).")]
public sealed partial class StatisticsVisualizer(StatisticsOptions options, ComponentContext component) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var history = context.History;
        OutputFile.WriteText(Path.Combine(context.OutputDirectory, PlotData.Stem(context, "statistics") + ".csv"), StatisticsCsv(history));
        if (LoggedOnceCsv(history) is { } once) OutputFile.WriteText(Path.Combine(context.OutputDirectory, PlotData.Stem(context, "logged_once") + ".csv"), once);
        cancellationToken.ThrowIfCancellationRequested();
        var (json, verdict) = ConvergenceJson(context);
        OutputFile.WriteText(Path.Combine(context.OutputDirectory, PlotData.Stem(context, "convergence") + ".json"), json);
        LogVerdict(component.Logger, context.ModelName, context.LayerName, verdict);
    }

    /// <summary>
    /// An initial value this small next to the series' largest magnitude counts as ~0: a change in % from it means nothing
    /// (a term that starts at 0 during its warm-up would read +232,398 %).
    /// </summary>
    internal const double NearZeroInitial = 1e-3;

    /// <summary>
    /// One row per metric logged more than once (plain aliases skipped where the full name is present);
    /// <c>change_percent</c> is "n/a" and <c>change_percent_note</c> gives the reason where the initial value is ~0.
    /// </summary>
    internal static string StatisticsCsv(TrainingHistory history)
    {
        var sb = new StringBuilder("metric,count,initial,final,min,max,mean,std,change,change_percent,change_percent_note\n");
        foreach (var name in ReportedMetrics(history))
        {
            var s = SeriesStatistics.Of(history.Get(name)!);
            if (s.Count == 1) continue;
            var (percent, note) = ChangePercent(s);
            sb.Append(Csv(name)).Append(',').Append(s.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var v in new[] { s.Initial, s.Final, s.Min, s.Max, s.Mean, s.Std, s.Change })
                sb.Append(',').Append(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            sb.Append(',').Append(double.IsFinite(percent) ? percent.ToString("R", CultureInfo.InvariantCulture) : "n/a");
            sb.Append(',').Append(Csv(note)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The metrics logged at exactly one step (a final value, a one-off measurement), listed apart from the series:
    /// <c>metric,step,value</c>; null when there is none.
    /// </summary>
    internal static string? LoggedOnceCsv(TrainingHistory history)
    {
        var sb = new StringBuilder("metric,step,value\n");
        int rows = 0;
        foreach (var name in ReportedMetrics(history))
        {
            var column = history.Get(name)!;
            var finite = Enumerable.Range(0, column.Count).Where(i => double.IsFinite(column[i])).ToList();
            if (finite.Count != 1) continue;
            int i = finite[0];
            sb.Append(Csv(name)).Append(',').Append(history.Steps[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(column[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            rows++;
        }
        return rows == 0 ? null : sb.ToString();
    }

    /// <summary>Change in % of the initial value, or NaN and the reason when the initial value is 0 or ~0.</summary>
    internal static (double Percent, string Note) ChangePercent(SeriesStatistics s)
    {
        if (s.Count < 2) return (double.NaN, "fewer than two values");
        double scale = Math.Max(Math.Abs(s.Min), Math.Abs(s.Max));
        if (s.Initial == 0) return (double.NaN, "initial value is 0");
        if (Math.Abs(s.Initial) <= NearZeroInitial * scale)
            return (double.NaN, $"initial value {PlotData.Number(s.Initial)} is ~0 (at most {PlotData.Number(NearZeroInitial)} x the largest |value|"
                + $" {PlotData.Number(scale)}; e.g. a term warming up from 0)");
        return (s.ChangePercent, "");
    }

    private static IEnumerable<string> ReportedMetrics(TrainingHistory history)
    {
        var fullNames = TrackedMetric.Basic.ToDictionary(m => m.Alias, m => m.HistoryKey);
        foreach (var name in history.MetricNames)
            if (!(fullNames.TryGetValue(name, out var full) && history.Get(full) is not null)) yield return name;
    }

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    private (string Json, string Verdict) ConvergenceJson(VisualizationContext context)
    {
        var settings = new ConvergenceSettings { Window = options.Window, Threshold = options.Threshold };
        var problems = new List<string>();
        bool allConverged = true, stillImproving = false;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", context.ModelName);
            w.WriteString("layer", context.LayerName);
            w.WriteNumber("threshold", options.Threshold);
            w.WriteStartObject("losses");
            foreach (var metric in TrackedMetric.Losses)
            {
                var column = metric.Column(context.History);
                if (column is null) continue;
                var report = ConvergenceReport.Analyze(column, settings);
                // Divergence means the loss climbed back above its best; the sparsity term legitimately rises
                // while its coefficient warms up, so only the reconstruction and total losses are judged on it.
                bool judgedOnDivergence = metric != TrackedMetric.SparsityLoss;
                w.WriteStartObject(metric.Key);
                w.WriteNumber("window", report.Window);
                WriteNumber(w, "window_mean", report.WindowMean);
                WriteNumber(w, "coefficient_of_variation", report.CoefficientOfVariation);
                w.WriteBoolean("converged", report.Converged);
                WriteNumber(w, "relative_change_across_window", report.RelativeChange);
                WriteNumber(w, "slope_t", report.SlopeT);
                w.WriteBoolean("still_improving", report.StillImproving);
                w.WriteNumber("non_finite_values", report.NonFiniteCount);
                w.WriteBoolean("diverged", judgedOnDivergence && report.Diverged);
                w.WriteStartArray("spike_steps");
                foreach (var i in report.SpikeIndices) w.WriteNumberValue(context.History.Steps[i]);
                w.WriteEndArray();
                w.WriteEndObject();
                if (metric != TrackedMetric.SparsityLoss) allConverged &= report.Converged;
                if (metric != TrackedMetric.SparsityLoss) stillImproving |= report.StillImproving;
                if (report.NonFiniteCount > 0) problems.Add($"{metric.Key} has {report.NonFiniteCount} non-finite values");
                if (judgedOnDivergence && report.Diverged) problems.Add($"{metric.Key} diverged");
                if (report.SpikeIndices.Count > 0) problems.Add($"{metric.Key} has {report.SpikeIndices.Count} spikes");
            }
            w.WriteEndObject();

            var l0 = TrackedMetric.L0.Column(context.History);
            if (l0 is not null)
            {
                var report = ConvergenceReport.Analyze(l0, settings);
                w.WriteStartObject("l0");
                WriteNumber(w, "final_window_mean", report.WindowMean);
                if (context.FeatureCount is int dSae && dSae > 0) WriteNumber(w, "final_fraction_of_d_sae", report.WindowMean / dSae);
                if (options.TargetL0 is double target)
                {
                    bool onTarget = Math.Abs(report.WindowMean - target) <= options.L0Tolerance * target;
                    w.WriteNumber("target", target);
                    w.WriteBoolean("on_target", onTarget);
                    if (!onTarget) problems.Add($"L0 {PlotData.Number(report.WindowMean)} is off its target {PlotData.Number(target)}");
                }
                w.WriteEndObject();
            }
            string verdict;
            if (context.Health is { } health)
            {
                verdict = health.Summary + (problems.Count > 0 ? "; " + string.Join("; ", problems) : "");
                health.WriteProgressAndWarnings(w);
            }
            else
            {
                // No run-health file (a history from an older run): the losses are all there is to judge by.
                verdict = (stillImproving ? "still improving" : allConverged ? "converged" : "not converged") + " (judged from the losses only)"
                    + (problems.Count > 0 ? "; " + string.Join("; ", problems) : "");
            }
            w.WriteString("verdict", verdict);
            w.WriteEndObject();
            w.Flush();
            return (Encoding.UTF8.GetString(stream.ToArray()) + "\n", verdict);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value); else w.WriteNull(name);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Convergence of {Model}/{Layer}: {Verdict}")]
    private static partial void LogVerdict(ILogger logger, string model, string layer, string verdict);
}
