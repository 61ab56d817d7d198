using System.Globalization;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Logging;
using Spectre.Console;

namespace SaePlatform.Host.Training.Progress;

/// <summary>
/// The end-of-run table: for each loss in the history (<c>losses/*</c>, including <c>validation/losses/*</c>) its
/// final, mean, min, max and change (final - first) over the logged steps, NaN rows skipped. A Spectre table on
/// a terminal, log lines otherwise.
/// </summary>
internal static class LossSummary
{
    public sealed record Row(string Metric, double Final, double Mean, double Min, double Max, double Change);

    public static List<Row> Compute(TrainingHistory history)
    {
        var rows = new List<Row>();
        foreach (var name in history.MetricNames)
        {
            if (!name.StartsWith("losses/", StringComparison.Ordinal) && !name.StartsWith(MetricNames.ValidationPrefix + "losses/", StringComparison.Ordinal)) continue;
            var column = history.Get(name)!;
            double first = double.NaN, last = double.NaN, sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            int n = 0;
            foreach (var v in column)
            {
                if (!double.IsFinite(v)) continue;
                if (n == 0) first = v;
                last = v;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                n++;
            }
            if (n > 0) rows.Add(new Row(name, last, sum / n, min, max, last - first));
        }
        return rows;
    }

    /// <summary>
    /// Prints the table on a terminal when <paramref name="asTable"/>, else one log line per loss; <paramref name="units"/>
    /// says what the losses are measured in.
    /// </summary>
    public static void Print(TrainingHistory history, ILogger log, string units, bool asTable)
    {
        var rows = Compute(history);
        if (rows.Count == 0) return;
        if (asTable && LiveProgress.Enabled)
        {
            var table = new Table().Title("Loss summary").Caption(Markup.Escape("Losses in " + units));
            foreach (var h in new[] { "metric", "final", "mean", "min", "max", "change" }) table.AddColumn(h);
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Metric), F(r.Final), F(r.Mean), F(r.Min), F(r.Max), F(r.Change));
            TerminalScreen.WriteToStdout(table);
        }
        else
        {
            foreach (var r in rows) Log.LossSummary(log, r.Metric, r.Final, r.Mean, r.Min, r.Max, r.Change, units);
        }
    }

    private static string F(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
}
