using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>Draws one panel into its cell: frame, grid, ticks, labels, series (clipped), annotations, boxes, legend.</summary>
internal sealed class PanelRenderer
{
    private readonly IRenderContext _rc;
    private readonly Panel _panel;
    private readonly PanelFrame _frame;
    private readonly Color[] _colors;

    public PanelRenderer(IRenderContext rc, Panel panel, RectD cell)
    {
        _rc = rc;
        _panel = panel;
        _frame = PanelFrame.Compute(panel, cell, rc);
        _colors = AssignColors(panel);
        Cell = cell;
    }

    public RectD Cell { get; }

    public PanelFrame Frame => _frame;

    public void Draw()
    {
        var plot = _frame.Plot;
        _rc.Rectangle(plot, RenderStyle.Background, null);
        DrawGrid();
        _rc.PushClip(plot);
        for (int i = 0; i < _panel.Series.Count; i++) DrawSeries(_panel.Series[i], _colors[i]);
        foreach (var a in _panel.Annotations) DrawAnnotationLine(a);
        _rc.PopClip();
        for (int i = 0; i < _panel.Series.Count; i++) DrawOffScaleMarks(_panel.Series[i], _colors[i]);
        _rc.Rectangle(plot, null, new Stroke(RenderStyle.Spine, 0.8));
        DrawTicksAndLabels();
        var taken = DrawTextBoxes();
        // Marker labels go where no text box is (a final-value label under a statistics box was unreadable), then the legend avoids both.
        foreach (var a in _panel.Annotations) if (a is PointMarker p) DrawPointMarker(p, taken);
        DrawLegend(taken);
    }

    private static Color[] AssignColors(Panel panel)
    {
        var colors = new Color[panel.Series.Count];
        int next = 0;
        for (int i = 0; i < colors.Length; i++) colors[i] = panel.Series[i].Color ?? Color.FromPalette(next++);
        return colors;
    }

    private void DrawGrid()
    {
        if (!_panel.Grid) return;
        var plot = _frame.Plot;
        var minor = new Stroke(RenderStyle.GridLine, 0.4, LineDash.Solid, 0.6);
        var major = new Stroke(RenderStyle.GridLine, 0.7);
        foreach (var v in _frame.XMinor) VerticalGridLine(_frame.X.Map(v), minor);
        foreach (var v in _frame.YMinor) HorizontalGridLine(_frame.Y.Map(v), minor);
        foreach (var t in _frame.XTicks) VerticalGridLine(_frame.X.Map(t.Value), major);
        foreach (var t in _frame.YTicks) HorizontalGridLine(_frame.Y.Map(t.Value), major);

        void VerticalGridLine(double x, Stroke s) { if (double.IsFinite(x)) _rc.Polyline([new(x, plot.Y), new(x, plot.Bottom)], s); }
        void HorizontalGridLine(double y, Stroke s) { if (double.IsFinite(y)) _rc.Polyline([new(plot.X, y), new(plot.Right, y)], s); }
    }

    private void DrawTicksAndLabels()
    {
        var plot = _frame.Plot;
        var tickStroke = new Stroke(RenderStyle.Spine, 0.8);
        var tickStyle = new TextStyle(RenderStyle.TickLabelSize, RenderStyle.TickText);
        var labelStyle = new TextStyle(RenderStyle.AxisLabelSize, RenderStyle.Text);
        double tickHeight = _rc.MeasureText("0", tickStyle).Height;
        foreach (var t in _frame.XTicks)
        {
            double x = _frame.X.Map(t.Value);
            _rc.Polyline([new(x, plot.Bottom), new(x, plot.Bottom + RenderStyle.TickLength)], tickStroke);
            _rc.Text(t.Label, new(x, plot.Bottom + RenderStyle.TickLength + 2), tickStyle, TextAlign.Center, TextBaseline.Top);
        }
        double widest = 0;
        foreach (var t in _frame.YTicks)
        {
            double y = _frame.Y.Map(t.Value);
            _rc.Polyline([new(plot.X - RenderStyle.TickLength, y), new(plot.X, y)], tickStroke);
            _rc.Text(t.Label, new(plot.X - RenderStyle.TickLength - 3, y), tickStyle, TextAlign.Right, TextBaseline.Middle);
            widest = Math.Max(widest, _rc.MeasureText(t.Label, tickStyle).Width);
        }
        if (!string.IsNullOrEmpty(_panel.X.Label))
            _rc.Text(_panel.X.Label, new(plot.X + plot.Width / 2, plot.Bottom + RenderStyle.TickLength + 2 + tickHeight + 4),
                labelStyle, TextAlign.Center, TextBaseline.Top);
        if (!string.IsNullOrEmpty(_panel.Y.Label))
            _rc.Text(_panel.Y.Label, new(plot.X - RenderStyle.TickLength - 3 - widest - 5, plot.Y + plot.Height / 2),
                labelStyle, TextAlign.Center, TextBaseline.Bottom, 90);
        if (!string.IsNullOrEmpty(_panel.Title))
            _rc.Text(_panel.Title, new(plot.X + plot.Width / 2, plot.Y - 6),
                new TextStyle(RenderStyle.PanelTitleSize, RenderStyle.Text, true), TextAlign.Center, TextBaseline.Bottom);
    }

    private void DrawSeries(Series series, Color color)
    {
        switch (series)
        {
            case LineSeries line:
                foreach (var run in SeriesGeometry.Runs(line.X, line.Y, _frame))
                    _rc.Polyline(run, new Stroke(color, line.Width, line.Dash, line.Opacity));
                break;
            case ScatterSeries scatter:
                foreach (var p in SeriesGeometry.Points(scatter.X, scatter.Y, _frame))
                    _rc.Marker(p, scatter.MarkerSize, color, scatter.Opacity);
                break;
            case HistogramSeries histogram:
                foreach (var bar in SeriesGeometry.Bars(histogram, _frame))
                {
                    _rc.FillPolygon([new(bar.X, bar.Y), new(bar.Right, bar.Y), new(bar.Right, bar.Bottom), new(bar.X, bar.Bottom)], color, histogram.Opacity);
                    if (bar.Width > 4) _rc.Polyline([new(bar.X, bar.Bottom), new(bar.X, bar.Y), new(bar.Right, bar.Y), new(bar.Right, bar.Bottom)],
                        new Stroke(RenderStyle.Background, 0.5));
                }
                break;
            case BandSeries band:
                foreach (var polygon in SeriesGeometry.Bands(band, _frame))
                    _rc.FillPolygon(polygon, color, band.Opacity);
                break;
        }
    }

    /// <summary>
    /// A small triangle at the top or bottom edge, pointing out of the plot, where a line or scatter point lies beyond
    /// the y range, so a clipped range never hides that values left the plot.
    /// </summary>
    private void DrawOffScaleMarks(Series series, Color color)
    {
        var (x, y) = series switch
        {
            LineSeries l => (l.X, l.Y),
            ScatterSeries sc => (sc.X, sc.Y),
            _ => ((IReadOnlyList<double>?)null, (IReadOnlyList<double>?)null),
        };
        if (x is null || y is null) return;
        var plot = _frame.Plot;
        const double half = OffScaleMarkSize / 2;
        foreach (var (px, above) in SeriesGeometry.OffScale(x, y, _frame))
        {
            double edge = above ? plot.Y : plot.Bottom, inward = above ? OffScaleMarkSize : -OffScaleMarkSize;
            _rc.FillPolygon([new(px, edge), new(px + half, edge + inward), new(px - half, edge + inward)], color, Math.Max(series.Opacity, 0.7));
        }
    }

    /// <summary>Height and base width, in points, of the off-scale triangles.</summary>
    public const double OffScaleMarkSize = 5;

    private void DrawAnnotationLine(Annotation annotation)
    {
        var plot = _frame.Plot;
        var color = annotation.Color ?? RenderStyle.Annotation;
        switch (annotation)
        {
            case HorizontalLine h when _frame.Y.CanDraw(h.Y):
                double y = _frame.Y.Map(h.Y);
                _rc.Polyline([new(plot.X, y), new(plot.Right, y)], new Stroke(color, 1.3, h.Dash));
                break;
            case VerticalLine v when _frame.X.CanDraw(v.X):
                double x = _frame.X.Map(v.X);
                _rc.Polyline([new(x, plot.Y), new(x, plot.Bottom)], new Stroke(color, 1.3, v.Dash));
                break;
        }
    }

    private void DrawPointMarker(PointMarker marker, List<RectD> taken)
    {
        if (!_frame.X.CanDraw(marker.X) || !_frame.Y.CanDraw(marker.Y)) return;
        var plot = _frame.Plot;
        var p = new PointD(_frame.X.Map(marker.X), _frame.Y.Map(marker.Y));
        if (!plot.Contains(p)) return;
        var color = marker.Color ?? RenderStyle.Annotation;
        _rc.Marker(p, 7, RenderStyle.Background, 1);
        _rc.Marker(p, 5, color, 1);
        if (string.IsNullOrEmpty(marker.Text)) return;
        // Text sits on the side with more room, so a final-value label at the right edge stays inside the plot; when that
        // place is under a text box it moves to the other side vertically, then horizontally.
        bool toLeft = p.X > plot.X + plot.Width / 2;
        bool below = p.Y < plot.Y + plot.Height * 0.3;
        var style = new TextStyle(RenderStyle.AnnotationTextSize, color, true);
        var size = _rc.MeasureText(marker.Text, style);
        RectD Box(bool left, bool under, double shift, out PointD anchor)
        {
            anchor = new PointD(p.X + (left ? -7 : 7), p.Y + (under ? 6 + shift : -6 - shift));
            return new RectD(left ? anchor.X - size.Width - 2 : anchor.X - 2, under ? anchor.Y - 1 : anchor.Y - size.Height - 1, size.Width + 4, size.Height + 2);
        }
        // The preferred place first, then the other sides, then further away from the point (past a tall box).
        var candidates = new List<(bool Left, bool Under, double Shift)>();
        for (int k = 0; k <= 8; k++)
            foreach (var (left, under) in new[] { (toLeft, below), (toLeft, !below), (!toLeft, below), (!toLeft, !below) })
                candidates.Add((left, under, k * (size.Height + 2)));
        int free = candidates.FindIndex(c =>
        {
            var r = Box(c.Left, c.Under, c.Shift, out _);
            return r.X >= plot.X && r.Right <= plot.Right && r.Y >= plot.Y && r.Bottom <= plot.Bottom && !taken.Exists(t => t.Intersects(r));
        });
        var (l, u, d) = candidates[Math.Max(free, 0)];
        var box = Box(l, u, d, out var at);
        _rc.Rectangle(box, new Color(255, 255, 255, 210), null);
        _rc.Text(marker.Text, at, style, l ? TextAlign.Right : TextAlign.Left, u ? TextBaseline.Top : TextBaseline.Bottom);
        taken.Add(box);
    }

    private List<RectD> DrawTextBoxes()
    {
        var taken = new List<RectD>();
        var style = new TextStyle(RenderStyle.LegendSize, RenderStyle.Text);
        foreach (var box in _panel.Annotations.OfType<TextBox>())
        {
            if (box.Lines.Count == 0) continue;
            double lineHeight = _rc.MeasureText("Ag", style).Height;
            // A tab splits a line into a left-aligned name and a right-aligned value column.
            var cells = box.Lines.Select(l => l.Split('\t', 2)).ToList();
            double nameWidth = cells.Max(c => _rc.MeasureText(c[0], style).Width);
            double valueWidth = cells.Max(c => c.Length > 1 ? _rc.MeasureText(c[1], style).Width : 0);
            double textWidth = cells.Max(c => c.Length > 1 ? nameWidth + 10 + valueWidth : _rc.MeasureText(c[0], style).Width);
            double width = textWidth + 2 * RenderStyle.BoxPadding;
            double height = lineHeight * box.Lines.Count + 2 * RenderStyle.BoxPadding;
            var corner = box.Corner is LegendPlacement.Best or LegendPlacement.None ? LegendPlacement.UpperLeft : box.Corner;
            var rect = BoxPlacement.InCorner(_frame.Plot, corner, width, height);
            _rc.Rectangle(rect, new Color(255, 255, 255, 225), new Stroke(RenderStyle.BoxBorder, 0.8));
            var textStyle = new TextStyle(style.Size, box.Color ?? RenderStyle.Text);
            for (int i = 0; i < cells.Count; i++)
            {
                double y = rect.Y + RenderStyle.BoxPadding + i * lineHeight;
                _rc.Text(cells[i][0], new(rect.X + RenderStyle.BoxPadding, y), textStyle, TextAlign.Left, TextBaseline.Top);
                if (cells[i].Length > 1) _rc.Text(cells[i][1], new(rect.Right - RenderStyle.BoxPadding, y), textStyle, TextAlign.Right, TextBaseline.Top);
            }
            taken.Add(rect);
        }
        return taken;
    }

    /// <summary>Legend entries: every labelled series, then every labelled line or marker annotation.</summary>
    public List<LegendEntry> LegendEntries()
    {
        var entries = new List<LegendEntry>();
        for (int i = 0; i < _panel.Series.Count; i++)
        {
            var s = _panel.Series[i];
            if (string.IsNullOrEmpty(s.Label)) continue;
            entries.Add(s switch
            {
                LineSeries l => new LegendEntry(s.Label, LegendGlyph.Line, _colors[i], l.Width, l.Dash, l.Opacity),
                ScatterSeries => new LegendEntry(s.Label, LegendGlyph.Marker, _colors[i], 1, LineDash.Solid, s.Opacity),
                _ => new LegendEntry(s.Label, LegendGlyph.Patch, _colors[i], 1, LineDash.Solid, Math.Max(s.Opacity, 0.35)),
            });
        }
        foreach (var a in _panel.Annotations)
        {
            if (string.IsNullOrEmpty(a.Label) || a is TextBox) continue;
            var color = a.Color ?? RenderStyle.Annotation;
            entries.Add(a switch
            {
                HorizontalLine h => new LegendEntry(a.Label, LegendGlyph.Line, color, 1.3, h.Dash, 1),
                VerticalLine v => new LegendEntry(a.Label, LegendGlyph.Line, color, 1.3, v.Dash, 1),
                _ => new LegendEntry(a.Label, LegendGlyph.Marker, color, 1, LineDash.Solid, 1),
            });
        }
        return entries;
    }

    private void DrawLegend(List<RectD> taken)
    {
        var entries = LegendEntries();
        if (entries.Count == 0 || _panel.Legend == LegendPlacement.None) return;
        var style = new TextStyle(RenderStyle.LegendSize, RenderStyle.Text);
        double rowHeight = _rc.MeasureText("Ag", style).Height + 2;
        double width = entries.Max(e => _rc.MeasureText(e.Label, style).Width) + RenderStyle.LegendSampleWidth + 6 + 2 * RenderStyle.BoxPadding;
        double height = rowHeight * entries.Count + 2 * RenderStyle.BoxPadding - 2;
        var rect = _panel.Legend == LegendPlacement.Best
            ? BoxPlacement.Best(_frame.Plot, width, height, SeriesGeometry.Samples(_panel, _frame), taken)
            : BoxPlacement.InCorner(_frame.Plot, _panel.Legend, width, height);
        _rc.Rectangle(rect, new Color(255, 255, 255, 220), new Stroke(RenderStyle.BoxBorder, 0.8));
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            double top = rect.Y + RenderStyle.BoxPadding + i * rowHeight;
            double mid = top + (rowHeight - 2) / 2;
            double x0 = rect.X + RenderStyle.BoxPadding, x1 = x0 + RenderStyle.LegendSampleWidth;
            switch (e.Glyph)
            {
                case LegendGlyph.Line:
                    _rc.Polyline([new(x0, mid), new(x1, mid)], new Stroke(e.Color, Math.Max(e.Width, 1.2), e.Dash, e.Opacity));
                    break;
                case LegendGlyph.Marker:
                    _rc.Marker(new((x0 + x1) / 2, mid), 5, e.Color, e.Opacity);
                    break;
                default:
                    double h = Math.Min(rowHeight - 4, 8);
                    _rc.FillPolygon([new(x0, mid - h / 2), new(x1, mid - h / 2), new(x1, mid + h / 2), new(x0, mid + h / 2)], e.Color, e.Opacity);
                    break;
            }
            _rc.Text(e.Label, new(x1 + 6, mid), style, TextAlign.Left, TextBaseline.Middle);
        }
    }
}
