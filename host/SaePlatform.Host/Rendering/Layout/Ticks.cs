using System.Globalization;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>A tick: its data value and label.</summary>
internal readonly record struct Tick(double Value, string Label);

/// <summary>
/// Tick choice. Linear axes: steps of 1, 2, 2.5 or 5 x 10^k, the largest count not above the target.
/// Log axes: whole decades labelled 10^k when the range spans at least three of them, else 1-2-5 (or 1..9)
/// multiples of the decades labelled as plain numbers, else linear values; every axis gets at least three labels.
/// </summary>
internal static class Ticks
{
    private static readonly double[] Mantissas = [1, 2, 2.5, 5, 10];

    /// <summary>The step of nice ticks for [lo, hi] aiming at no more than <paramref name="maxTicks"/> ticks.</summary>
    public static double NiceStep(double lo, double hi, int maxTicks)
    {
        double span = hi - lo;
        if (!(span > 0) || !double.IsFinite(span)) return 1;
        double raw = span / Math.Max(maxTicks - 1, 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in Mantissas)
            if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
        return 10 * magnitude;
    }

    /// <summary>
    /// Nice linear ticks inside [lo, hi]. A short axis could get a single tick (a step of 5 on a 0.9..6.3
    /// range); the target is then raised until at least three ticks fall inside.
    /// </summary>
    public static List<Tick> Linear(double lo, double hi, int maxTicks)
    {
        for (int target = maxTicks; ; target++)
        {
            var ticks = LinearWithTarget(lo, hi, target);
            if (ticks.Count >= 3 || target >= maxTicks + 6) return ticks;
        }
    }

    private static List<Tick> LinearWithTarget(double lo, double hi, int maxTicks)
    {
        double step = NiceStep(lo, hi, maxTicks);
        var values = new List<double>();
        double first = Math.Ceiling(lo / step - 1e-9) * step;
        for (int i = 0; ; i++)
        {
            double v = first + i * step;
            if (v > hi + step * 1e-9 || i > 1000) break;
            values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }
        return Label(values, step);
    }

    /// <summary>
    /// Log ticks with at least three labels whatever the range: whole decades (10^k) when at least three fit, else
    /// 1-2-5 (or 1..9) multiples of the decades, else (a range inside less than one multiple step, such as 240-375)
    /// nice linear values, which a log axis places just as well.
    /// </summary>
    public static List<Tick> Log10(double lo, double hi, int maxTicks)
    {
        int firstDecade = (int)Math.Ceiling(Math.Log10(lo) - 1e-9);
        int lastDecade = (int)Math.Floor(Math.Log10(hi) + 1e-9);
        int decades = lastDecade - firstDecade + 1;
        if (decades >= 3)
        {
            int every = Math.Max(1, (int)Math.Ceiling(decades / (double)Math.Max(maxTicks, 2)));
            var ticks = new List<Tick>();
            for (int k = firstDecade; k <= lastDecade; k++)
                if ((k - firstDecade) % every == 0) ticks.Add(new Tick(Math.Pow(10, k), DecadeLabel(k)));
            if (ticks.Count >= 3) return ticks;
            ticks.Clear();
            for (int k = firstDecade; k <= lastDecade; k++) ticks.Add(new Tick(Math.Pow(10, k), DecadeLabel(k)));
            if (ticks.Count <= Math.Max(maxTicks, 3) + 2) return ticks;
        }
        foreach (double[] multiples in new[] { new double[] { 1, 2, 5 }, [1, 2, 3, 4, 5, 6, 7, 8, 9] })
        {
            var values = new List<double>();
            for (int k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
                foreach (var m in multiples)
                {
                    double v = m * Math.Pow(10, k);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) values.Add(v);
                }
            if (values.Count >= 3 && values.Count <= Math.Max(maxTicks, 3) + 2) return [.. values.Select(v => new Tick(v, FormatPlain(v)))];
        }
        // Fewer than three multiples inside: linear ticks (at least three).
        return Linear(lo, hi, maxTicks);
    }

    /// <summary>Minor tick values of a log axis (2..9 x 10^k) when the major ticks are decades.</summary>
    public static List<double> LogMinor(double lo, double hi)
    {
        var values = new List<double>();
        for (int k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
            for (int m = 2; m <= 9; m++)
            {
                double v = m * Math.Pow(10, k);
                if (v >= lo && v <= hi) values.Add(v);
            }
        return values;
    }

    /// <summary>"10" followed by the exponent in Unicode superscript digits (e.g. 10⁻³), which every font we use has.</summary>
    public static string DecadeLabel(int exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var digits = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        var chars = new char[digits.Length + (exponent < 0 ? 1 : 0)];
        int j = 0;
        if (exponent < 0) chars[j++] = '⁻';
        foreach (var d in digits) chars[j++] = superscripts[d - '0'];
        return "10" + new string(chars);
    }

    private static List<Tick> Label(List<double> values, double step)
    {
        double largest = values.Count == 0 ? 0 : values.Max(Math.Abs);
        bool scientific = largest >= 1e5 || (largest > 0 && largest < 1e-3);
        // As many decimals as the step needs: 25 -> 0 ("125", not "125.0"), 2.5 -> 1, 0.25 -> 2.
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        while (decimals < 12 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6 * step * Math.Pow(10, decimals)) decimals++;
        var ticks = new List<Tick>(values.Count);
        foreach (var v in values)
            ticks.Add(new Tick(v, scientific ? FormatScientific(v, step) : v.ToString("F" + decimals, CultureInfo.InvariantCulture)));
        return ticks;
    }

    private static string FormatScientific(double v, double step)
    {
        if (v == 0) return "0";
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double mantissa = v / Math.Pow(10, exponent);
        int decimals = Math.Clamp(exponent - (int)Math.Floor(Math.Log10(step) + 1e-9), 0, 3);
        return mantissa.ToString("F" + decimals, CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A number without exponent noise: up to 6 significant digits, invariant culture.</summary>
    public static string FormatPlain(double v) => v.ToString(Math.Abs(v) >= 1e5 || (v != 0 && Math.Abs(v) < 1e-4) ? "0.###e0" : "0.######", CultureInfo.InvariantCulture);
}
