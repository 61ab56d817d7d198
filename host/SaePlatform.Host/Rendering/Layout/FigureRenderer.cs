using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>The one layout and render pass: background, figure title, then each panel in its grid cell.</summary>
internal static class FigureRenderer
{
    /// <summary>Figure size in points.</summary>
    public static (double Width, double Height) SizeInPoints(Figure figure) => (figure.WidthInches * 72, figure.HeightInches * 72);

    /// <summary>Draws <paramref name="figure"/> and returns each panel's frame (plot area, axis maps, ticks), row-major.</summary>
    public static IReadOnlyList<PanelFrame> Render(Figure figure, IRenderContext rc)
    {
        var frames = new List<PanelFrame>(figure.Panels.Count);
        var (width, height) = SizeInPoints(figure);
        rc.Rectangle(new RectD(0, 0, width, height), RenderStyle.Background, null);
        double top = 0;
        if (!string.IsNullOrEmpty(figure.Title))
        {
            var style = new TextStyle(RenderStyle.FigureTitleSize, RenderStyle.Text, true);
            double titleHeight = rc.MeasureText(figure.Title, style).Height;
            rc.Text(figure.Title, new PointD(width / 2, 8), style, TextAlign.Center, TextBaseline.Top);
            top = titleHeight + 10;
        }
        double cellWidth = width / figure.Columns, cellHeight = (height - top) / figure.Rows;
        for (int r = 0; r < figure.Rows; r++)
            for (int c = 0; c < figure.Columns; c++)
            {
                var panel = new PanelRenderer(rc, figure[r, c], new RectD(c * cellWidth, top + r * cellHeight, cellWidth, cellHeight));
                panel.Draw();
                frames.Add(panel.Frame);
            }
        return frames;
    }
}
