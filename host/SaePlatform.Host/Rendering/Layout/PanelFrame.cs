using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>Where a panel's plot area lies in its cell, and the ticks of both axes.</summary>
internal sealed record PanelFrame(RectD Plot, AxisMap X, AxisMap Y, List<Tick> XTicks, List<Tick> YTicks, List<double> XMinor, List<double> YMinor)
{
    /// <summary>
    /// Fits the plot area into <paramref name="cell"/>: room for the title on top, the rotated y label and the
    /// widest y tick label on the left, x tick labels and the x label below, half the last x tick label on the right.
    /// </summary>
    public static PanelFrame Compute(Panel panel, RectD cell, IRenderContext rc)
    {
        var (xLo, xHi) = AxisRange.X(panel);
        var (yLo, yHi) = AxisRange.Y(panel);
        var tickStyle = new TextStyle(RenderStyle.TickLabelSize, RenderStyle.TickText);
        var labelStyle = new TextStyle(RenderStyle.AxisLabelSize, RenderStyle.Text);
        double tickHeight = rc.MeasureText("0", tickStyle).Height;

        double top = cell.Y + RenderStyle.CellPadding;
        if (!string.IsNullOrEmpty(panel.Title))
            top += rc.MeasureText(panel.Title, new TextStyle(RenderStyle.PanelTitleSize, RenderStyle.Text, true)).Height + 6;
        double bottom = cell.Bottom - RenderStyle.CellPadding - RenderStyle.TickLength - 3 - tickHeight;
        if (!string.IsNullOrEmpty(panel.X.Label)) bottom -= rc.MeasureText(panel.X.Label, labelStyle).Height + 4;

        var yTicks = MakeTicks(panel.Y.Scale, yLo, yHi, Math.Clamp((int)((bottom - top) / 30), 3, 9));
        double yTickWidth = yTicks.Count == 0 ? 0 : yTicks.Max(t => rc.MeasureText(t.Label, tickStyle).Width);
        double left = cell.X + RenderStyle.CellPadding + yTickWidth + 3 + RenderStyle.TickLength;
        if (!string.IsNullOrEmpty(panel.Y.Label)) left += rc.MeasureText(panel.Y.Label, labelStyle).Height + 5;

        double right = cell.Right - RenderStyle.CellPadding;
        List<Tick> xTicks = [];
        for (int maxTicks = Math.Clamp((int)((right - left) / 45), 3, 12); maxTicks >= 2; maxTicks--)
        {
            xTicks = MakeTicks(panel.X.Scale, xLo, xHi, maxTicks);
            double widths = xTicks.Sum(t => rc.MeasureText(t.Label, tickStyle).Width + 10);
            if (widths <= right - left) break;
        }
        var xMap = new AxisMap(xLo, xHi, panel.X.Scale, left, right);
        if (xTicks.Count > 0)
        {
            // The last tick label is centred on its tick: keep its right half inside the cell.
            var last = xTicks[^1];
            double overhang = xMap.Map(last.Value) + rc.MeasureText(last.Label, tickStyle).Width / 2 - (cell.Right - 2);
            if (overhang > 0) right -= overhang;
        }
        var plot = new RectD(left, top, Math.Max(right - left, 10), Math.Max(bottom - top, 10));
        return new PanelFrame(plot,
            new AxisMap(xLo, xHi, panel.X.Scale, plot.X, plot.Right),
            new AxisMap(yLo, yHi, panel.Y.Scale, plot.Bottom, plot.Y),
            xTicks, yTicks, Minor(panel.X.Scale, xTicks, xLo, xHi), Minor(panel.Y.Scale, yTicks, yLo, yHi));
    }

    private static List<Tick> MakeTicks(AxisScale scale, double lo, double hi, int maxTicks) =>
        scale == AxisScale.Log10 ? Ticks.Log10(lo, hi, maxTicks) : Ticks.Linear(lo, hi, maxTicks);

    private static List<double> Minor(AxisScale scale, List<Tick> major, double lo, double hi) =>
        scale == AxisScale.Log10 && major.Count > 0 && major.All(t => Math.Abs(Math.Log10(t.Value) - Math.Round(Math.Log10(t.Value))) < 1e-9)
            ? Ticks.LogMinor(lo, hi)
            : [];
}
