using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Building blocks shared by the visualizers: step axis, raw + smoothed curves, file stems, number text.</summary>
internal static class PlotData
{
    /// <summary>Lines longer than this are thinned with min/max buckets (spikes stay visible).</summary>
    public const int MaxLinePoints = 2000;

    public static double[] Steps(TrainingHistory history) => [.. history.Steps.Select(s => (double)s)];

    /// <summary>
    /// <c>{model}_{layer}_{suffix}</c> with characters that cannot be in a file name replaced by '_': the one naming scheme
    /// of every per-layer figure and table (README's output table lists them).
    /// </summary>
    public static string Stem(VisualizationContext context, string suffix) => FileNames.ForFile($"{context.ModelName}_{context.LayerName}_{suffix}");

    public static LineSeries Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? label, Color? color, double width = 1.5, double opacity = 1)
    {
        var (dx, dy) = Downsampling.MinMax(x, y, MaxLinePoints);
        return new LineSeries(dx, dy) { Label = label, Color = color, Width = width, Opacity = opacity };
    }

    /// <summary>
    /// The raw curve, faint but always visible, under its smoothed curve (the TensorBoard look); the legend names the
    /// smoothing. Without smoothing the raw curve is drawn bold.
    /// </summary>
    public static void AddRawAndSmoothed(Panel panel, IReadOnlyList<double> x, IReadOnlyList<double> y, CurveSmoothing smoothing, Color color, string? name = null)
    {
        string prefix = name is null ? "" : name + ", ";
        if (!smoothing.Smooths)
        {
            panel.Add(Line(x, y, prefix + "raw", color, 1.6));
            return;
        }
        panel.Add(Line(x, y, prefix + "raw", color, 1, 0.35));
        panel.Add(Line(x, smoothing.Apply(x, y), $"{prefix}smoothed ({smoothing.Description})", color, 1.8));
    }

    /// <summary>The finite points of a column logged only at some steps (validation), as one unbroken line with markers.</summary>
    public static void AddSparsePoints(Panel panel, IReadOnlyList<double> x, IReadOnlyList<double> y, string label, Color color)
    {
        var points = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(y[i])).ToArray();
        double[] px = [.. points.Select(i => x[i])], py = [.. points.Select(i => y[i])];
        panel.Add(new LineSeries(px, py) { Label = label, Color = color, Width = 1.2, Dash = LineDash.Dashed });
        panel.Add(new ScatterSeries(px, py) { Color = color, MarkerSize = 4 });
    }

    public static void StepAxis(Panel panel) => panel.X.Label = "Step";

    public static string Title(VisualizationContext context, string what) => $"{context.ModelName} / {context.LayerName}: {what}";

    /// <summary>A value in 4 significant digits (scientific for very small or large magnitudes), invariant culture.</summary>
    public static string Number(double value)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (!double.IsFinite(value) || value == 0) return value.ToString(culture);
        double magnitude = Math.Abs(value);
        if (magnitude < 1e-3 || magnitude >= 1e5) return value.ToString("0.###e0", culture);
        int decimals = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 1)), culture);
    }

    /// <summary>Marks an empty panel so a missing metric reads as "not logged", not as a rendering bug.</summary>
    public static void NotLogged(Panel panel, string what) => panel.Add(new TextBox([$"{what} was not logged"]));

    /// <summary>(step, value) of the last finite value, or null.</summary>
    public static (double X, double Y)? LastFinite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        for (int i = Math.Min(x.Count, y.Count) - 1; i >= 0; i--)
            if (double.IsFinite(y[i])) return (x[i], y[i]);
        return null;
    }

    /// <summary>
    /// "a, b and c" order for names that end in numbers: k8 before k16 before k32 (digit runs compare by value).
    /// </summary>
    public static int NaturalCompare(string? a, string? b)
    {
        a ??= "";
        b ??= "";
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                string da = a[si..i].TrimStart('0'), db = b[sj..j].TrimStart('0');
                int c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : string.CompareOrdinal(da, db);
                if (c != 0) return c;
                continue;
            }
            int d = a[i].CompareTo(b[j]);
            if (d != 0) return d;
            i++;
            j++;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
