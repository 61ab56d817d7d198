using System.Globalization;
using System.Text;

namespace SaePlatform.Host.Training.Progress;

/// <summary>What the live line shows at one logged step.</summary>
/// <param name="Name">model/layer.</param>
/// <param name="DeadFeatures">Features dead over <c>dead_feature_window</c>; NaN when not known.</param>
/// <param name="SamplesPerSecond">Throughput since the display started; NaN before a rate is known.</param>
/// <param name="Remaining">Estimated time to the last step; null before a rate is known.</param>
internal readonly record struct ProgressState(
    string Name, long StepsDone, long TotalSteps, double Loss, double L0, double ExplainedVariance,
    double DeadFeatures, double SamplesPerSecond, TimeSpan? Remaining);

/// <summary>
/// Lays out the live progress line for a given width: a bar plus as many fields as fit, in priority order
/// (percent, step, loss, L0, EV, ETA, dead, samples/s, name); fields that do not fit are dropped, the line never wraps.
/// </summary>
internal static class ProgressLine
{
    private const int MinBar = 10;
    private const int MaxBar = 30;
    private const string Gap = "  ";

    public static string Format(ProgressState s, int width)
    {
        var c = CultureInfo.InvariantCulture;
        double fraction = s.TotalSteps > 0 ? Math.Clamp((double)s.StepsDone / s.TotalSteps, 0, 1) : 0;
        var fields = new List<string>
        {
            string.Format(c, "{0,3:0}%", Math.Floor(fraction * 100)),
            string.Format(c, "step {0}/{1}", s.StepsDone, s.TotalSteps),
            string.Format(c, "loss {0:G4}", s.Loss),
            string.Format(c, "L0 {0:F1}", s.L0),
            string.Format(c, "EV {0:F3}", s.ExplainedVariance),
            "ETA " + (s.Remaining is { } r ? Duration(r) : "--"),
        };
        if (double.IsFinite(s.DeadFeatures)) fields.Add(string.Format(c, "dead {0:N0}", s.DeadFeatures));
        if (double.IsFinite(s.SamplesPerSecond)) fields.Add(string.Format(c, "{0:N0} samples/s", s.SamplesPerSecond));
        fields.Add(s.Name);

        // Keep fields in priority order while they fit next to the smallest bar; a field too wide is skipped.
        int budget = width - (MinBar + 2) - Gap.Length;
        bool withBar = budget >= fields[0].Length;
        if (!withBar) budget = width;
        var kept = new List<string>();
        int used = 0;
        foreach (var f in fields)
        {
            int add = (kept.Count == 0 ? 0 : Gap.Length) + f.Length;
            if (used + add > budget) continue;
            kept.Add(f);
            used += add;
        }
        var text = string.Join(Gap, kept);
        if (!withBar) return text.Length > width ? text[..width] : text;

        int barWidth = Math.Clamp(width - used - Gap.Length - 2, MinBar, MaxBar);
        int filled = (int)Math.Round(fraction * barWidth);
        var bar = new StringBuilder(barWidth + 2).Append('[').Append('=', filled);
        if (filled < barWidth) bar.Append('>').Append(' ', barWidth - filled - 1);
        return bar.Append(']').Append(Gap).Append(text).ToString();
    }

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:mm\\:ss}", (int)t.TotalHours, t)
            : t.ToString("m\\:ss", CultureInfo.InvariantCulture);
}
