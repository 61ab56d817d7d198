using System.Globalization;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// One result of a kernel call read back to the host: a tensor's elements, a host array the kernel filled, or a value it
/// returned. Held as float64, which holds every float32, int and count exactly (so bit comparisons stay meaningful).
/// </summary>
/// <param name="Name">What the value is, e.g. <c>c</c>, <c>gradInput</c>, <c>rowOffsets</c>, <c>returned</c>.</param>
/// <param name="Values">The elements.</param>
/// <param name="Tolerance">How the candidate's elements are compared with the reference's.</param>
/// <param name="Integral">True for indices and counts (printed as integers).</param>
internal sealed record KernelOutput(string Name, double[] Values, Tolerance Tolerance, bool Integral = false)
{
    /// <summary>One element as a report shows it.</summary>
    public string Format(int index) => Integral
        ? Values[index].ToString("0", CultureInfo.InvariantCulture)
        : ((float)Values[index]).ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>How a candidate's output compares with the reference's.</summary>
/// <param name="WorstError">The largest scaled error (see <see cref="Tolerance"/>); infinity for a mismatched index, NaN or length.</param>
/// <param name="Failure">Why it fails, naming the first offending element; null when it passes.</param>
internal readonly record struct OutputComparison(double WorstError, string? Failure)
{
    /// <summary>Compares <paramref name="candidate"/> with <paramref name="reference"/> (the same output of the same case).</summary>
    /// <param name="reference">The reference backend's output.</param>
    /// <param name="candidate">The candidate backend's output.</param>
    /// <param name="exact">Every element bit-identical (NaN equal to any NaN) rather than within its tolerance.</param>
    public static OutputComparison Of(KernelOutput reference, KernelOutput candidate, bool exact)
    {
        double[] r = reference.Values, c = candidate.Values;
        if (r.Length != c.Length)
            return new(double.PositiveInfinity, $"{reference.Name} has {c.Length} elements, the reference {r.Length}");
        bool bitwise = exact || reference.Tolerance.IsExact;
        double scale = Rms(r);
        double worst = 0;
        string? failure = null;
        for (int i = 0; i < r.Length; i++)
        {
            double error = ScaledError(r[i], c[i], scale);
            bool ok = bitwise ? SameBits(r[i], c[i]) : error <= reference.Tolerance.Relative;
            if (reference.Tolerance.IsExact && !ok) error = double.PositiveInfinity;
            worst = Math.Max(worst, error);
            if (!ok && failure is null)
            {
                string why = bitwise
                    ? (reference.Tolerance.IsExact ? "must match exactly" : "bits differ")
                    : $"error {error:0.0e+00} > {reference.Tolerance.Relative:0e+00} ({reference.Tolerance.Name})";
                failure = $"{reference.Name}[{i}] = {candidate.Format(i)}, reference {reference.Format(i)}: {why}";
            }
        }
        return new(worst, failure);
    }

    /// <summary><c>|c - r| / max(|r|, scale)</c>; 0 when both are NaN or equal, infinity when only one is NaN or an infinity differs.</summary>
    private static double ScaledError(double r, double c, double scale)
    {
        if (double.IsNaN(r) || double.IsNaN(c)) return double.IsNaN(r) && double.IsNaN(c) ? 0 : double.PositiveInfinity;
        if (r == c) return 0;
        if (double.IsInfinity(r) || double.IsInfinity(c)) return double.PositiveInfinity;
        return Math.Abs(c - r) / Math.Max(Math.Abs(r), Math.Max(scale, 1e-30));
    }

    private static bool SameBits(double r, double c) =>
        (double.IsNaN(r) && double.IsNaN(c)) || BitConverter.DoubleToInt64Bits(r) == BitConverter.DoubleToInt64Bits(c);

    /// <summary>Root mean square of the finite elements (0 for none).</summary>
    private static double Rms(double[] values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values)
            if (double.IsFinite(v))
            {
                sum += v * v;
                count++;
            }
        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }
}
