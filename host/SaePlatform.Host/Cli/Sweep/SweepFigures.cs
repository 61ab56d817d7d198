using System.Globalization;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>
/// The sweep's figures, built on the figure model every visualizer uses: the Pareto figure (L0 against test explained
/// variance, and L0 against test MSE on a log axis; per layer the frontier drawn and labelled, dominated points faded,
/// each point labelled by its values) and one overlay per training metric with a line per point, labelled by its values
/// in natural order (numbers by value).
/// </summary>
internal static class SweepFigures
{
    /// <summary>Opacity of a dominated point.</summary>
    public const double DominatedOpacity = 0.3;

    /// <summary>The training metrics overlaid: column of the training log and axis label.</summary>
    public static readonly IReadOnlyList<(string Column, string Label, string Stem)> OverlayMetrics =
    [
        (MetricNames.ExplainedVariance, "explained variance", "explained_variance"),
        (MetricNames.L0, "L0 (active features per row)", "l0"),
        ("recon_loss", "reconstruction loss (training units)", "reconstruction_loss"),
    ];

    /// <summary>
    /// Indices of the points on the Pareto frontier: no other point has an L0 at most as large and a value at least as good
    /// (one of the two strictly better). <paramref name="higherIsBetter"/>: explained variance; else MSE.
    /// </summary>
    public static IReadOnlyList<int> Frontier(IReadOnlyList<(double L0, double Value)> points, bool higherIsBetter)
    {
        var result = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            var (l0, value) = points[i];
            if (!double.IsFinite(l0) || !double.IsFinite(value)) continue;
            var dominated = false;
            for (var j = 0; j < points.Count && !dominated; j++)
            {
                if (j == i || !double.IsFinite(points[j].L0) || !double.IsFinite(points[j].Value)) continue;
                var better = higherIsBetter ? points[j].Value >= value : points[j].Value <= value;
                var strictly = points[j].L0 < l0 || (higherIsBetter ? points[j].Value > value : points[j].Value < value);
                dominated = points[j].L0 <= l0 && better && strictly;
            }
            if (!dominated) result.Add(i);
        }
        return result;
    }

    /// <summary>The Pareto figure of the rows of one model (one colour per layer).</summary>
    public static Figure Pareto(string model, IReadOnlyList<SweepRow> rows)
    {
        var figure = new Figure(1, 2) { Title = $"{model}: sweep of {rows.Select(r => r.Point).Distinct().Count()} points, L0 against reconstruction (test split)" };
        figure.WidthInches = 13;
        figure.HeightInches = 5.6;
        ParetoPanel(figure[0, 0], rows, r => r.TestExplainedVariance, "explained variance (test)", higherIsBetter: true);
        ParetoPanel(figure[0, 1], rows, r => r.Mse, "MSE per row (test, input units)", higherIsBetter: false);
        figure[0, 1].Y.Scale = AxisScale.Log10;
        return figure;
    }

    private static void ParetoPanel(Panel panel, IReadOnlyList<SweepRow> rows, Func<SweepRow, double> value, string label, bool higherIsBetter)
    {
        panel.X.Label = "L0 (active features per row)";
        panel.Y.Label = label;
        panel.Legend = higherIsBetter ? LegendPlacement.LowerRight : LegendPlacement.UpperRight;
        var layers = rows.Select(r => r.Layer).Distinct().ToList();
        for (var l = 0; l < layers.Count; l++)
        {
            var ofLayer = rows.Where(r => r.Layer == layers[l] && double.IsFinite(r.L0) && double.IsFinite(value(r)) && (higherIsBetter || value(r) > 0)).ToList();
            if (ofLayer.Count == 0) continue;
            var color = Color.FromPalette(l);
            var points = ofLayer.Select(r => (r.L0, value(r))).ToList();
            var frontier = Frontier(points, higherIsBetter).OrderBy(i => points[i].L0).ToList();
            var name = layers.Count > 1 ? $"layer {layers[l]}" : "points";
            panel.Add(new LineSeries([.. frontier.Select(i => points[i].L0)], [.. frontier.Select(i => points[i].Item2)])
            {
                Label = $"{name}: Pareto frontier", Color = color, Width = 1.5,
            });
            panel.Add(new ScatterSeries([.. frontier.Select(i => points[i].L0)], [.. frontier.Select(i => points[i].Item2)])
            {
                Label = $"{name}: on the frontier", Color = color, MarkerSize = 6,
            });
            var dominated = Enumerable.Range(0, points.Count).Except(frontier).ToList();
            if (dominated.Count > 0)
                panel.Add(new ScatterSeries([.. dominated.Select(i => points[i].L0)], [.. dominated.Select(i => points[i].Item2)])
                {
                    Label = $"{name}: dominated", Color = color, MarkerSize = 5, Opacity = DominatedOpacity,
                });
            for (var i = 0; i < points.Count; i++)
                panel.Add(new PointMarker(points[i].L0, points[i].Item2, ofLayer[i].Point) { Color = frontier.Contains(i) ? color : color with { A = 110 } });
        }
    }

    /// <summary>One overlay per layer of <paramref name="metric"/> against step: a line per point, in natural order of the points' values.</summary>
    public static Figure? Overlay(string model, IReadOnlyList<SweepRow> rows, (string Column, string Label, string Stem) metric)
    {
        var layers = rows.Select(r => r.Layer).Distinct().ToList();
        var figure = new Figure(1, layers.Count) { Title = $"{model}: {metric.Label} of every sweep point" };
        var any = false;
        for (var l = 0; l < layers.Count; l++)
        {
            var panel = figure[0, l];
            panel.Title = "layer " + layers[l];
            panel.X.Label = "step";
            panel.Y.Label = metric.Label;
            var ofLayer = NaturalOrder(rows.Where(r => r.Layer == layers[l]));
            for (var i = 0; i < ofLayer.Count; i++)
            {
                var series = TrainingLog.Read(Path.Combine(ofLayer[i].Folder, FileNames.ForFolder(ofLayer[i].Layer) + "_training_log.csv"), metric.Column);
                if (series.Count == 0) continue;
                any = true;
                panel.Add(new LineSeries([.. series.Select(p => p.Step)], [.. series.Select(p => p.Value)])
                {
                    Label = ofLayer[i].Point, Color = Color.FromPalette(i),
                });
            }
        }
        return any ? figure : null;
    }

    /// <summary>Rows ordered by their swept values, numbers by value (<c>k=8</c> before <c>k=16</c>), then as text.</summary>
    public static List<SweepRow> NaturalOrder(IEnumerable<SweepRow> rows) =>
        [.. rows.Order(Comparer<SweepRow>.Create((a, b) =>
        {
            for (var i = 0; i < Math.Min(a.Values.Count, b.Values.Count); i++)
            {
                var c = CompareValues(a.Values[i].Value, b.Values[i].Value);
                if (c != 0) return c;
            }
            return string.CompareOrdinal(a.Point, b.Point);
        }))];

    private static int CompareValues(string a, string b)
    {
        var na = double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x);
        var nb = double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y);
        if (na && nb) return x.CompareTo(y);
        if (na != nb) return na ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }
}
