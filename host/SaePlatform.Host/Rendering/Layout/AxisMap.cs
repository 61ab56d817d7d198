using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>Maps data values of one axis to positions in points between <see cref="From"/> and <see cref="To"/>.</summary>
internal readonly record struct AxisMap(double Low, double High, AxisScale Scale, double From, double To)
{
    /// <summary>Position of <paramref name="value"/>; NaN when it cannot be drawn (non-finite, or &lt;= 0 on a log axis).</summary>
    public double Map(double value)
    {
        if (!double.IsFinite(value)) return double.NaN;
        double t;
        if (Scale == AxisScale.Log10)
        {
            if (value <= 0) return double.NaN;
            t = (Math.Log10(value) - Math.Log10(Low)) / (Math.Log10(High) - Math.Log10(Low));
        }
        else
        {
            t = (value - Low) / (High - Low);
        }
        return From + t * (To - From);
    }

    public bool CanDraw(double value) => double.IsFinite(value) && (Scale == AxisScale.Linear || value > 0);
}
