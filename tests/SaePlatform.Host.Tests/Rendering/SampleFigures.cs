using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Tests.Rendering;

/// <summary>Small figures exercising every series and annotation kind, shared by the writer tests.</summary>
internal static class SampleFigures
{
    public static Figure LineWithTargetAndHistogram(string title = "Loss & sparsity <check>")
    {
        var figure = new Figure(1, 2) { Title = title, WidthInches = 8, HeightInches = 3 };
        var left = figure[0, 0];
        left.Title = "Loss";
        left.X.Label = "Step";
        left.Y.Label = "Loss";
        double[] x = [0, 10, 20, 30, 40, 50, 60, 70];
        left.Add(new LineSeries(x, [5, 3, 2, double.NaN, 1.4, 1.2, 1.1, 1.05]) { Label = "raw", Opacity = 0.4 });
        left.Add(new LineSeries(x, [5, 4, 3, 2.5, 2, 1.6, 1.3, 1.1]) { Label = "smoothed", Width = 2 });
        left.Add(new BandSeries(x, [4, 2.5, 1.5, 1.2, 1, 0.9, 0.9, 0.9], [6, 4, 3, 2.5, 2, 1.7, 1.4, 1.3]) { Opacity = 0.2 });
        left.Add(new HorizontalLine(1) { Label = "target", Color = Color.FromHex(0xd62728) });
        left.Add(new PointMarker(70, 1.05, "final 1.05"));
        left.Add(new TextBox(["mean\t1.9", "final\t1.05"], LegendPlacement.UpperRight));
        var right = figure[0, 1];
        right.Title = "Density";
        right.X.Label = "log10 frequency";
        right.Y.Label = "Features";
        right.Y.Scale = AxisScale.Log10;
        right.Add(new HistogramSeries([-4, -3, -2, -1], [3, 40, 200]) { Opacity = 0.75 });
        right.Add(new ScatterSeries([-3.5, -2.5], [2, 30]) { Label = "points" });
        right.Add(new VerticalLine(-2.2) { Label = "mean", Dash = LineDash.Dotted });
        return figure;
    }
}
