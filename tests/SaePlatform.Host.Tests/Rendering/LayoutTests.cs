using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering;
using SaePlatform.Host.Rendering.Layout;

namespace SaePlatform.Host.Tests.Rendering;

public sealed class LayoutTests
{
    private static RecordingRenderContext Render(Figure figure)
    {
        var rc = new RecordingRenderContext();
        FigureRenderer.Render(figure, rc);
        return rc;
    }

    private static double[] Range(int n, Func<int, double> f) => [.. Enumerable.Range(0, n).Select(f)];

    [Fact]
    public void Render_TwoByTwo_DrawsFigureTitlePanelTitlesAndAxisLabels()
    {
        var figure = new Figure(2, 2) { Title = "model / layer: training history" };
        string[] titles = ["Reconstruction loss", "Total loss", "Sparsity loss", "L0"];
        for (int i = 0; i < 4; i++)
        {
            figure.Panels[i].Title = titles[i];
            figure.Panels[i].X.Label = "Step";
            figure.Panels[i].Y.Label = "Loss " + i;
            figure.Panels[i].Add(new LineSeries(Range(10, j => j), Range(10, j => 10 - j)));
        }
        var rc = Render(figure);
        var texts = rc.Texts.Select(t => t.Text).ToList();
        Assert.Contains("model / layer: training history", texts);
        foreach (var t in titles) Assert.Contains(t, texts);
        Assert.Equal(4, texts.Count(t => t == "Step"));
        // Y labels are rotated a quarter turn; everything else is horizontal.
        Assert.All(rc.Texts.Where(t => t.Text.StartsWith("Loss ", StringComparison.Ordinal)), t => Assert.Equal(90, t.Rotation));
        Assert.All(rc.Texts.Where(t => !t.Text.StartsWith("Loss ", StringComparison.Ordinal)), t => Assert.Equal(0, t.Rotation));
        // Panel titles of the second row sit below the first row's.
        double top = rc.Texts.Single(t => t.Text == "Total loss").Anchor.Y, bottom = rc.Texts.Single(t => t.Text == "L0").Anchor.Y;
        Assert.True(bottom > top + 200, $"second-row title at {bottom}, first at {top}");
        Assert.Equal(0, rc.OpenClips);
    }

    [Fact]
    public void Render_EverythingInsideTheCanvas()
    {
        var figure = new Figure { Title = "A title", WidthInches = 6, HeightInches = 4 };
        figure.Panel.X.Label = "Step";
        figure.Panel.Y.Label = "Reconstruction loss (MSE)";
        figure.Panel.Add(new LineSeries(Range(100, i => i * 1000), Range(100, i => 1e5 / (i + 1))) { Label = "loss" });
        var rc = Render(figure);
        double width = 6 * 72, height = 4 * 72;
        foreach (var t in rc.Texts)
        {
            double w = 0.6 * t.Style.Size * t.Text.Length, h = 1.2 * t.Style.Size;
            // Extent of the (possibly rotated) text box.
            double x0 = t.Align switch { TextAlign.Center => -w / 2, TextAlign.Right => -w, _ => 0 };
            double y0 = t.Baseline switch { TextBaseline.Middle => -h / 2, TextBaseline.Bottom => -h, _ => 0 };
            var (left, right, topY, bottomY) = t.Rotation == 90
                ? (t.Anchor.X + y0, t.Anchor.X + y0 + h, t.Anchor.Y - x0 - w, t.Anchor.Y - x0)
                : (t.Anchor.X + x0, t.Anchor.X + x0 + w, t.Anchor.Y + y0, t.Anchor.Y + y0 + h);
            Assert.True(left >= 0 && right <= width && topY >= 0 && bottomY <= height, $"'{t.Text}' spans x {left:F1}..{right:F1}, y {topY:F1}..{bottomY:F1}");
        }
    }

    [Fact]
    public void Render_LegendEntries_SeriesAndAnnotationLabelsInOrder()
    {
        var figure = new Figure();
        var panel = figure.Panel;
        panel.Add(new LineSeries(Range(20, i => i), Range(20, i => i)) { Label = "raw" });
        panel.Add(new LineSeries(Range(20, i => i), Range(20, i => i + 1)) { Label = "smoothed" });
        panel.Add(new LineSeries(Range(20, i => i), Range(20, i => i + 2)));
        panel.Add(new HorizontalLine(5) { Label = "target 5" });
        panel.Add(new VerticalLine(3));
        var rc = Render(figure);
        var legend = rc.Texts.Where(t => t.Text is "raw" or "smoothed" or "target 5").ToList();
        Assert.Equal(["raw", "smoothed", "target 5"], legend.Select(t => t.Text).ToArray());
        Assert.True(legend[0].Anchor.Y < legend[1].Anchor.Y && legend[1].Anchor.Y < legend[2].Anchor.Y);
        // Unlabelled series get the next palette colours: 3 series -> palette 0, 1, 2.
        var lineColors = rc.Polylines.Where(p => p.Points.Length == 20).Select(p => p.Stroke.Color).ToArray();
        Assert.Equal([Color.FromPalette(0), Color.FromPalette(1), Color.FromPalette(2)], lineColors);
    }

    [Theory]
    [InlineData(true)]   // rising line: occupies the upper right, legend goes upper left
    [InlineData(false)]  // falling line: occupies the upper left, legend goes upper right
    public void Render_LegendBest_AvoidsTheData(bool rising)
    {
        var figure = new Figure();
        figure.Panel.Add(new LineSeries(Range(50, i => i), Range(50, i => rising ? i : 49 - i)) { Label = "a fairly long legend label" });
        var rc = Render(figure);
        var box = Assert.Single(rc.Boxes());
        var plot = rc.Clips.Single();
        double boxCenter = box.X + box.Width / 2, plotCenter = plot.X + plot.Width / 2;
        Assert.True(box.Y < plot.Y + plot.Height / 2, "legend in the upper half");
        Assert.Equal(rising, boxCenter < plotCenter);
        // No vertex of the line lies inside the legend box.
        var line = rc.Polylines.Single(p => p.Points.Length == 50);
        Assert.DoesNotContain(line.Points, box.Contains);
    }

    [Fact]
    public void Render_TextBoxInUpperRight_LegendGoesElsewhere()
    {
        var figure = new Figure();
        figure.Panel.Add(new LineSeries(Range(50, i => i), Range(50, i => 49 - i)) { Label = "loss" });
        figure.Panel.Add(new TextBox(["mean\t1.5", "final\t0.2"], LegendPlacement.UpperRight));
        var rc = Render(figure);
        var boxes = rc.Boxes();
        Assert.Equal(2, boxes.Count);
        Assert.False(boxes[0].Intersects(boxes[1]));
        // The tab makes a right-aligned value column.
        Assert.Equal(TextAlign.Right, rc.Texts.Single(t => t.Text == "1.5").Align);
    }

    [Fact]
    public void Render_LogAxis_DecadeLabelsAndNonPositiveValuesNotDrawn()
    {
        var figure = new Figure();
        figure.Panel.Y.Scale = AxisScale.Log10;
        figure.Panel.Add(new LineSeries([0, 1, 2, 3, 4], [1e-3, 1e-2, 0, 1e-1, 1]));
        var rc = Render(figure);
        var labels = rc.Texts.Select(t => t.Text).ToHashSet();
        Assert.Contains("10⁻³", labels);
        Assert.Contains("10⁰", labels);
        // The zero splits the line into runs of 2 points each.
        var runs = rc.Polylines.Where(p => p.Stroke.Color == Color.FromPalette(0)).ToList();
        Assert.Equal([2, 2], runs.Select(r => r.Points.Length).ToArray());
        // Equal decades are equally spaced.
        double y3 = runs[0].Points[0].Y, y2 = runs[0].Points[1].Y, y1 = runs[1].Points[0].Y;
        Assert.Equal(y3 - y2, y2 - y1, 6);
    }

    [Fact]
    public void Render_NaN_BreaksTheLine()
    {
        var figure = new Figure();
        figure.Panel.Add(new LineSeries([0, 1, 2, 3, 4, 5], [1, 2, double.NaN, 4, 5, 6]));
        var rc = Render(figure);
        var runs = rc.Polylines.Where(p => p.Stroke.Color == Color.FromPalette(0)).ToList();
        Assert.Equal([2, 3], runs.Select(r => r.Points.Length).ToArray());
    }

    [Fact]
    public void Render_IgnoreOutliers_RangeFollowsThe5To95Percentiles()
    {
        var y = Range(100, i => i % 10);
        y[3] = 1000;
        string TopTick(bool ignore)
        {
            var figure = new Figure();
            figure.Panel.Y.IgnoreOutliers = ignore;
            figure.Panel.Add(new LineSeries(Range(100, i => i), y));
            var rc = Render(figure);
            // Y tick labels are right-aligned at the left of the plot; the topmost has the smallest y.
            return rc.Texts.Where(t => t.Align == TextAlign.Right && t.Baseline == TextBaseline.Middle).MinBy(t => t.Anchor.Y)!.Text;
        }
        Assert.Equal("1000", TopTick(false));
        Assert.True(double.Parse(TopTick(true), System.Globalization.CultureInfo.InvariantCulture) <= 10);
    }

    [Fact]
    public void Render_Histogram_BarsStartAtZeroAndSkipEmptyBins()
    {
        var figure = new Figure();
        figure.Panel.Add(new HistogramSeries([0, 1, 2, 3], [4, 0, 2]));
        var rc = Render(figure);
        var bars = rc.Polygons.Where(p => p.Color == Color.FromPalette(0)).ToList();
        Assert.Equal(2, bars.Count);
        double bottom0 = bars[0].Points.Max(p => p.Y), bottom1 = bars[1].Points.Max(p => p.Y);
        Assert.Equal(bottom0, bottom1, 6);
        double height0 = bottom0 - bars[0].Points.Min(p => p.Y), height1 = bottom1 - bars[1].Points.Min(p => p.Y);
        Assert.Equal(2, height0 / height1, 6);
        // The zero baseline is the bottom of the plot (no margin below a histogram).
        Assert.Equal(rc.Clips.Single().Bottom, bottom0, 6);
    }

    [Fact]
    public void Render_PointMarkerAtRightEdge_TextRightAlignedToItsLeft()
    {
        var figure = new Figure();
        figure.Panel.Add(new LineSeries(Range(10, i => i), Range(10, i => 10 - i)));
        figure.Panel.Add(new PointMarker(9, 1, "final 1"));
        var rc = Render(figure);
        var text = rc.Texts.Single(t => t.Text == "final 1");
        Assert.Equal(TextAlign.Right, text.Align);
        Assert.True(text.Anchor.X < rc.Markers.Last().Center.X);
    }

    [Fact]
    public void Render_ValuesBeyondAClippedRange_MarkedByTrianglesAtTheEdge()
    {
        // y limited to [0, 10]: points 3 and 4 (values 50, 60) lie above, point 8 (-20) below; the rest inside.
        var figure = new Figure();
        figure.Panel.Y.Min = 0;
        figure.Panel.Y.Max = 10;
        var color = Color.FromHex(0x123456);
        figure.Panel.Add(new LineSeries(Range(10, i => i * 100), [1, 2, 3, 50, 60, 4, 5, 6, -20, 7]) { Color = color });
        var rc = new RecordingRenderContext();
        var frame = FigureRenderer.Render(figure, rc)[0];
        var triangles = rc.Polygons.Where(p => p.Color == color && p.Points.Length == 3).ToList();
        Assert.Equal(3, triangles.Count);
        var plot = frame.Plot;
        var above = triangles.Where(t => t.Points.Any(p => Math.Abs(p.Y - plot.Y) < 1e-9)).ToList();
        var below = triangles.Where(t => t.Points.Any(p => Math.Abs(p.Y - plot.Bottom) < 1e-9)).ToList();
        Assert.Equal(2, above.Count);
        Assert.Single(below);
        // Each apex sits on the edge at the x of its point, pointing out of the plot.
        Assert.Equal([frame.X.Map(300), frame.X.Map(400)], above.Select(t => t.Points[0].X).Order().ToArray());
        Assert.All(above, t => Assert.True(t.Points[1].Y > plot.Y));
        Assert.Equal(frame.X.Map(800), below[0].Points[0].X, 9);
        Assert.True(below[0].Points[1].Y < plot.Bottom);
    }

    [Fact]
    public void Render_NothingClipped_NoTriangles()
    {
        var figure = new Figure();
        figure.Panel.Add(new LineSeries(Range(10, i => i), Range(10, i => i * i)) { Color = Color.FromHex(0x123456) });
        var rc = Render(figure);
        Assert.DoesNotContain(rc.Polygons, p => p.Points.Length == 3);
    }

    [Fact]
    public void Render_FinalValueLabelUnderTheStatisticsBox_MovesBelowThePoint()
    {
        // The last point is in the upper right, where the statistics box goes: its label must not be hidden under the box.
        var figure = new Figure();
        figure.Panel.Add(new LineSeries(Range(50, i => i), Range(50, i => i < 45 ? 1 : 10)));
        figure.Panel.Add(new PointMarker(49, 10, "final 10"));
        figure.Panel.Add(new TextBox(["mean\t2", "final\t10", "min\t1", "max\t10"], LegendPlacement.UpperRight));
        var rc = Render(figure);
        var box = rc.Boxes()[0];
        var label = rc.Texts.Single(t => t.Text == "final 10");
        double w = 0.6 * label.Style.Size * label.Text.Length, h = 1.2 * label.Style.Size;
        double left = label.Align == TextAlign.Right ? label.Anchor.X - w : label.Anchor.X, top = label.Baseline == TextBaseline.Top ? label.Anchor.Y : label.Anchor.Y - h;
        Assert.False(new RectD(left, top, w, h).Intersects(box), $"label at ({left}, {top}) under the box {box}");
    }
}
