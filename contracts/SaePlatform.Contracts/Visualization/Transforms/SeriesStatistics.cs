namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>
/// Summary of a series over its finite values. Every value is NaN when there is none.
/// </summary>
/// <param name="Count">Finite values.</param>
/// <param name="Initial">First finite value.</param>
/// <param name="Final">Last finite value.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Population standard deviation (divides by n, as numpy.std).</param>
public sealed record SeriesStatistics(int Count, double Initial, double Final, double Min, double Max, double Mean, double Std)
{
    /// <summary><see cref="Final"/> - <see cref="Initial"/>.</summary>
    public double Change => Final - Initial;

    /// <summary>100 * change / |initial|; NaN when the initial value is 0.</summary>
    public double ChangePercent => Initial != 0 ? 100 * Change / Math.Abs(Initial) : double.NaN;

    /// <summary>Computes the statistics of <paramref name="values"/>, skipping non-finite entries.</summary>
    public static SeriesStatistics Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int count = 0;
        double initial = double.NaN, final = double.NaN, min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            if (count == 0) initial = v;
            final = v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            count++;
        }
        if (count == 0) return new SeriesStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = sum / count, squares = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (double.IsFinite(v)) squares += (v - mean) * (v - mean);
        }
        return new SeriesStatistics(count, initial, final, min, max, mean, Math.Sqrt(squares / count));
    }
}
