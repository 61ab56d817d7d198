namespace SaePlatform.Contracts.Visualization.Transforms;

/// <summary>Percentiles of the finite values of a series.</summary>
public static class Percentile
{
    /// <summary>
    /// The <paramref name="percent"/>-th percentile of the finite values with linear interpolation between
    /// closest ranks (numpy.percentile's default). NaN when there is no finite value.
    /// </summary>
    /// <param name="values">The values (any order).</param>
    /// <param name="percent">In [0, 100].</param>
    public static double Of(IEnumerable<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(percent >= 0 && percent <= 100)) throw new ArgumentOutOfRangeException(nameof(percent), percent, "percent must be in [0, 100]");
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return double.NaN;
        Array.Sort(finite);
        double rank = percent / 100 * (finite.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, finite.Length - 1);
        return finite[lo] + (rank - lo) * (finite[hi] - finite[lo]);
    }
}
