using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>
/// The data range of a panel axis: the extent of every series and annotation (5-95th percentile with
/// <see cref="Axis.IgnoreOutliers"/>), widened by 5 % on each side (a decade fraction on log axes) unless a
/// limit is given; histogram bars stay anchored at a zero baseline.
/// </summary>
internal static class AxisRange
{
    private const double Margin = 0.05;

    public static (double Low, double High) X(Panel panel) => Fit(panel.X, XValues(panel), stickyZero: false);

    public static (double Low, double High) Y(Panel panel) =>
        Fit(panel.Y, YValues(panel), stickyZero: panel.Series.Any(s => s is HistogramSeries));

    private static (double, double) Fit(Axis axis, List<double> values, bool stickyZero)
    {
        bool log = axis.Scale == AxisScale.Log10;
        var usable = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToList();
        double lo, hi;
        if (usable.Count == 0) { lo = log ? 1 : 0; hi = log ? 10 : 1; }
        else if (axis.IgnoreOutliers && usable.Count >= 20)
        {
            lo = Percentile.Of(usable, 5);
            hi = Percentile.Of(usable, 95);
        }
        else { lo = usable.Min(); hi = usable.Max(); }

        if (log)
        {
            double a = Math.Log10(lo), b = Math.Log10(hi);
            if (b - a < 1e-9) { a -= 0.5; b += 0.5; }
            double pad = (b - a) * Margin;
            lo = Math.Pow(10, a - pad);
            hi = Math.Pow(10, b + pad);
        }
        else
        {
            if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi))) { double d = lo == 0 ? 1 : Math.Abs(lo) * 0.1; lo -= d; hi += d; }
            double pad = (hi - lo) * Margin;
            bool zeroBase = stickyZero && lo == 0;
            lo = zeroBase ? 0 : lo - pad;
            hi += pad;
        }
        if (axis.Min is double min && (!log || min > 0)) lo = min;
        if (axis.Max is double max && (!log || max > 0)) hi = max;
        if (!(hi > lo)) hi = lo + (log ? lo * 10 : 1);
        return (lo, hi);
    }

    private static List<double> XValues(Panel panel)
    {
        var values = new List<double>();
        foreach (var s in panel.Series)
            switch (s)
            {
                case LineSeries l: AddPaired(values, l.X, l.Y); break;
                case ScatterSeries sc: AddPaired(values, sc.X, sc.Y); break;
                case HistogramSeries h: values.AddRange(h.Edges); break;
                case BandSeries b: values.AddRange(b.X); break;
            }
        foreach (var a in panel.Annotations)
            switch (a)
            {
                case VerticalLine v: values.Add(v.X); break;
                case PointMarker p: values.Add(p.X); break;
            }
        return values;
    }

    private static List<double> YValues(Panel panel)
    {
        var values = new List<double>();
        foreach (var s in panel.Series)
            switch (s)
            {
                case LineSeries l: AddPaired(values, l.Y, l.X); break;
                case ScatterSeries sc: AddPaired(values, sc.Y, sc.X); break;
                case HistogramSeries h:
                    values.AddRange(h.Counts);
                    if (panel.Y.Scale == AxisScale.Linear) values.Add(0);
                    break;
                case BandSeries b: values.AddRange(b.Lower); values.AddRange(b.Upper); break;
            }
        foreach (var a in panel.Annotations)
            switch (a)
            {
                case HorizontalLine h: values.Add(h.Y); break;
                case PointMarker p: values.Add(p.Y); break;
            }
        return values;
    }

    /// <summary>Values of <paramref name="own"/> whose partner is finite (a point with a NaN partner is not drawn).</summary>
    private static void AddPaired(List<double> values, IReadOnlyList<double> own, IReadOnlyList<double> other)
    {
        int n = Math.Min(own.Count, other.Count);
        for (int i = 0; i < n; i++)
            if (double.IsFinite(other[i])) values.Add(own[i]);
    }
}
