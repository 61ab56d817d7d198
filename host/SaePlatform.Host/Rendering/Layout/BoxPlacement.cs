using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>
/// Places boxes (legend, text boxes) in panel corners. <see cref="LegendPlacement.Best"/> picks the corner
/// whose box covers the fewest data sample points, preferring upper right, upper left, lower left, lower right
/// on ties (matplotlib's order), and never a corner already taken by a text box.
/// </summary>
internal static class BoxPlacement
{
    private static readonly LegendPlacement[] Candidates =
        [LegendPlacement.UpperRight, LegendPlacement.UpperLeft, LegendPlacement.LowerLeft, LegendPlacement.LowerRight];

    public static RectD InCorner(RectD plot, LegendPlacement corner, double width, double height)
    {
        double inset = RenderStyle.BoxInset;
        double x = corner is LegendPlacement.UpperLeft or LegendPlacement.LowerLeft ? plot.X + inset : plot.Right - inset - width;
        double y = corner is LegendPlacement.LowerLeft or LegendPlacement.LowerRight ? plot.Bottom - inset - height : plot.Y + inset;
        return new RectD(x, y, width, height);
    }

    public static LegendPlacement Best(RectD plot, double width, double height, IReadOnlyList<PointD> samples, IReadOnlyList<RectD> taken)
    {
        var best = LegendPlacement.UpperRight;
        long bestScore = long.MaxValue;
        foreach (var corner in Candidates)
        {
            var rect = InCorner(plot, corner, width, height);
            long score = 0;
            foreach (var t in taken)
                if (t.Intersects(rect)) score += 1_000_000;
            foreach (var p in samples)
                if (rect.Contains(p)) score++;
            if (score < bestScore) { bestScore = score; best = corner; }
        }
        return best;
    }
}
