using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>
/// Places boxes (legend, text boxes) inside the plot area. <see cref="LegendPlacement.Best"/> tries the four
/// corners (upper right, upper left, lower left, lower right: matplotlib's order), then the edge midpoints and
/// the centre, and takes the first position whose box covers the fewest data sample points and no text box.
/// </summary>
internal static class BoxPlacement
{
    /// <summary>Candidate positions as fractions of the free space (0 = left/top, 1 = right/bottom); corners first.</summary>
    private static readonly (double X, double Y)[] Candidates =
        [(1, 0), (0, 0), (0, 1), (1, 1), (1, 0.5), (0, 0.5), (0.5, 0), (0.5, 1), (0.5, 0.5)];

    public static RectD InCorner(RectD plot, LegendPlacement corner, double width, double height) => corner switch
    {
        LegendPlacement.UpperLeft => At(plot, 0, 0, width, height),
        LegendPlacement.LowerLeft => At(plot, 0, 1, width, height),
        LegendPlacement.LowerRight => At(plot, 1, 1, width, height),
        _ => At(plot, 1, 0, width, height),
    };

    private static RectD At(RectD plot, double fx, double fy, double width, double height)
    {
        double inset = RenderStyle.BoxInset;
        return new RectD(plot.X + inset + fx * (plot.Width - 2 * inset - width), plot.Y + inset + fy * (plot.Height - 2 * inset - height), width, height);
    }

    public static RectD Best(RectD plot, double width, double height, IReadOnlyList<PointD> samples, IReadOnlyList<RectD> taken)
    {
        RectD best = default;
        long bestScore = long.MaxValue;
        foreach (var (fx, fy) in Candidates)
        {
            var rect = At(plot, fx, fy, width, height);
            long score = 0;
            foreach (var t in taken)
                if (t.Intersects(rect)) score += 1_000_000;
            foreach (var p in samples)
                if (rect.Contains(p)) score++;
            if (score < bestScore) { bestScore = score; best = rect; }
        }
        return best;
    }
}
