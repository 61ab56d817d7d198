using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>Series in plot coordinates: polyline runs split at gaps, bar rectangles, band polygons, legend sample points.</summary>
internal static class SeriesGeometry
{
    /// <summary>Maximal runs of drawable points; a NaN (or a value &lt;= 0 on a log axis) ends a run, so gaps stay gaps.</summary>
    public static List<PointD[]> Runs(IReadOnlyList<double> x, IReadOnlyList<double> y, PanelFrame frame)
    {
        var runs = new List<PointD[]>();
        var current = new List<PointD>();
        int n = Math.Min(x.Count, y.Count);
        for (int i = 0; i < n; i++)
        {
            double px = frame.X.Map(x[i]), py = frame.Y.Map(y[i]);
            if (double.IsNaN(px) || double.IsNaN(py))
            {
                Flush();
                continue;
            }
            current.Add(new PointD(px, py));
        }
        Flush();
        return runs;

        void Flush()
        {
            if (current.Count > 0) runs.Add([.. current]);
            current.Clear();
        }
    }

    /// <summary>
    /// Points of a line or scatter inside the x range whose y lies beyond the y range (clipped by a limit or by
    /// <see cref="Axis.IgnoreOutliers"/>): their x position and whether they are above. At most one per
    /// <paramref name="bucket"/> points of x and side, so a long run off the scale gives a row of marks, not a smear.
    /// </summary>
    public static List<(double X, bool Above)> OffScale(IReadOnlyList<double> x, IReadOnlyList<double> y, PanelFrame frame, double bucket = 5)
    {
        var marks = new List<(double X, bool Above)>();
        var seen = new HashSet<(long, bool)>();
        var plot = frame.Plot;
        int n = Math.Min(x.Count, y.Count);
        for (int i = 0; i < n; i++)
        {
            double px = frame.X.Map(x[i]), py = frame.Y.Map(y[i]);
            if (double.IsNaN(px) || double.IsNaN(py) || px < plot.X - 1e-9 || px > plot.Right + 1e-9) continue;
            bool above = py < plot.Y - 1e-6, below = py > plot.Bottom + 1e-6;
            if (!above && !below) continue;
            if (seen.Add(((long)Math.Floor((px - plot.X) / bucket), above))) marks.Add((px, above));
        }
        return marks;
    }

    public static List<PointD> Points(IReadOnlyList<double> x, IReadOnlyList<double> y, PanelFrame frame)
    {
        var points = new List<PointD>();
        int n = Math.Min(x.Count, y.Count);
        for (int i = 0; i < n; i++)
        {
            double px = frame.X.Map(x[i]), py = frame.Y.Map(y[i]);
            if (!double.IsNaN(px) && !double.IsNaN(py)) points.Add(new PointD(px, py));
        }
        return points;
    }

    /// <summary>Bars from the axis baseline (0, or the bottom of a log axis) to each count; empty bins are skipped.</summary>
    public static List<RectD> Bars(HistogramSeries histogram, PanelFrame frame)
    {
        var bars = new List<RectD>();
        double baseline = frame.Y.Scale == AxisScale.Log10 ? frame.Y.From : frame.Y.Map(0);
        baseline = Math.Clamp(baseline, frame.Plot.Y, frame.Plot.Bottom);
        int n = Math.Min(histogram.Counts.Count, histogram.Edges.Count - 1);
        for (int i = 0; i < n; i++)
        {
            double x0 = frame.X.Map(histogram.Edges[i]), x1 = frame.X.Map(histogram.Edges[i + 1]);
            double top = frame.Y.Map(histogram.Counts[i]);
            if (double.IsNaN(x0) || double.IsNaN(x1) || double.IsNaN(top) || histogram.Counts[i] == 0) continue;
            bars.Add(new RectD(Math.Min(x0, x1), Math.Min(top, baseline), Math.Abs(x1 - x0), Math.Abs(baseline - top)));
        }
        return bars;
    }

    public static List<PointD[]> Bands(BandSeries band, PanelFrame frame)
    {
        var polygons = new List<PointD[]>();
        var upper = new List<PointD>();
        var lower = new List<PointD>();
        int n = Math.Min(band.X.Count, Math.Min(band.Lower.Count, band.Upper.Count));
        for (int i = 0; i < n; i++)
        {
            double x = frame.X.Map(band.X[i]), lo = frame.Y.Map(band.Lower[i]), hi = frame.Y.Map(band.Upper[i]);
            if (double.IsNaN(x) || double.IsNaN(lo) || double.IsNaN(hi)) { Flush(); continue; }
            upper.Add(new PointD(x, hi));
            lower.Add(new PointD(x, lo));
        }
        Flush();
        return polygons;

        void Flush()
        {
            if (upper.Count > 1)
            {
                lower.Reverse();
                polygons.Add([.. upper, .. lower]);
            }
            upper.Clear();
            lower.Clear();
        }
    }

    /// <summary>
    /// Points standing for the drawn data, for choosing the legend corner: line vertices plus points every few
    /// points along each segment, bar areas on a grid, and horizontal/vertical annotation lines.
    /// </summary>
    public static List<PointD> Samples(Panel panel, PanelFrame frame)
    {
        const double spacing = 4;
        var samples = new List<PointD>();
        foreach (var series in panel.Series)
        {
            switch (series)
            {
                case LineSeries line:
                    foreach (var run in Runs(line.X, line.Y, frame)) AddPolyline(run);
                    break;
                case ScatterSeries scatter:
                    samples.AddRange(Points(scatter.X, scatter.Y, frame));
                    break;
                case HistogramSeries histogram:
                    foreach (var bar in Bars(histogram, frame))
                        for (double x = bar.X + spacing / 2; x < bar.Right; x += spacing)
                            for (double y = bar.Y + spacing / 2; y < bar.Bottom; y += spacing)
                                samples.Add(new PointD(x, y));
                    break;
            }
        }
        var plot = frame.Plot;
        foreach (var a in panel.Annotations)
        {
            if (a is HorizontalLine h && frame.Y.CanDraw(h.Y)) AddPolyline([new(plot.X, frame.Y.Map(h.Y)), new(plot.Right, frame.Y.Map(h.Y))]);
            if (a is VerticalLine v && frame.X.CanDraw(v.X)) AddPolyline([new(frame.X.Map(v.X), plot.Y), new(frame.X.Map(v.X), plot.Bottom)]);
        }
        return samples;

        void AddPolyline(PointD[] run)
        {
            samples.Add(run[0]);
            for (int i = 1; i < run.Length; i++)
            {
                var a = run[i - 1];
                var b = run[i];
                double length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
                int steps = Math.Min((int)(length / spacing), 200);
                for (int s = 1; s <= steps; s++)
                    samples.Add(new PointD(a.X + (b.X - a.X) * s / (steps + 1), a.Y + (b.Y - a.Y) * s / (steps + 1)));
                samples.Add(b);
            }
        }
    }
}
