using Microsoft.Extensions.Logging;
using SaePlatform.Host.Rendering;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>
/// After a sweep (and for <c>sae plot --sweep</c>): the summary files and the figures of each model, written into
/// <c>output_dir/model/</c> from the runs' own files, so they can be regenerated at any time.
/// </summary>
internal static class SweepResults
{
    /// <summary>The Pareto figure's file stem.</summary>
    public const string ParetoStem = "sweep_pareto";

    /// <summary>Writes the summary and figures of every model of <paramref name="points"/>; returns the rows.</summary>
    public static IReadOnlyList<SweepRow> Write(IReadOnlyList<SweepPointRun> points, ILogger log, IFigureSinkFactory? figures = null)
    {
        var all = new List<SweepRow>();
        foreach (var group in points.GroupBy(SweepFolder, StringComparer.Ordinal))
        {
            var rows = group.Select(SweepSummary.Read).ToList();
            all.AddRange(rows);
            var files = SweepSummary.Write(group.Key, rows);
            log.SweepSummaryWritten(files[0], files[1]);
            try
            {
                var sink = (figures ?? new FigureSinkFactory(log)).Create(group.Key, ["png"], 150);
                var model = rows[0].Model;
                foreach (var path in sink.Save(SweepFigures.Pareto(model, rows), ParetoStem)) log.SweepFigureWritten(path);
                foreach (var metric in SweepFigures.OverlayMetrics)
                    if (SweepFigures.Overlay(model, rows, metric) is { } overlay)
                        foreach (var path in sink.Save(overlay, "sweep_comparison_" + metric.Stem)) log.SweepFigureWritten(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                log.SweepFigureFailed(ex.Message);
            }
        }
        return all;
    }

    /// <summary>The folder holding a sweep's summary: <c>output_dir/model</c> (the parent of the point folders).</summary>
    public static string SweepFolder(SweepPointRun point) =>
        point.Unit.Unit.Point is null ? point.Paths.ModelDirectory : Path.GetDirectoryName(point.Paths.ModelDirectory)!;
}
