using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Cli.Sweep;

namespace SaePlatform.Host.Tests.Cli;

/// <summary>The sweep's Pareto figure and overlays, checked against frontiers worked out by hand.</summary>
public sealed class SweepFiguresTests
{
    [Fact]
    public void Frontier_ExplainedVariance_KeepsOnlyPointsNoOtherBeats()
    {
        // (8, 0.75) and (16, 0.78) lose to (8, 0.80); (20, 0.90) loses to (16, 0.90); NaN is never on it.
        (double, double)[] points = [(4, 0.70), (8, 0.80), (8, 0.75), (16, 0.78), (16, 0.90), (20, 0.90), (2, double.NaN)];

        Assert.Equal([0, 1, 4], SweepFigures.Frontier(points, higherIsBetter: true));
    }

    [Fact]
    public void Frontier_Mse_LowerIsBetter()
    {
        (double, double)[] points = [(4, 2.0), (8, 1.0), (8, 1.5), (16, 1.2), (16, 0.5), (32, 0.5)];

        Assert.Equal([0, 1, 4], SweepFigures.Frontier(points, higherIsBetter: false));
    }

    private static SweepRow Row(string point, string layer, double l0, double ev, double mse, params (string, string)[] values) =>
        new(0, point, "m", layer, values, "done", ev, ev, l0, mse, 0, 100, 1, 0, "log", "folder");

    [Fact]
    public void Pareto_FrontierDrawnDominatedFaded_EveryPointLabelled_MseOnALogAxis()
    {
        SweepRow[] rows =
        [
            Row("k=4", "6", 4, 0.70, 2.0), Row("k=8", "6", 8, 0.80, 1.0), Row("k=8_lr=bad", "6", 8, 0.75, 1.5), Row("k=16", "6", 16, 0.90, 0.5),
        ];

        var figure = SweepFigures.Pareto("m", rows);

        var ev = figure[0, 0];
        var line = Assert.Single(ev.Series.OfType<LineSeries>());
        Assert.Equal([4.0, 8, 16], line.X);
        Assert.Equal([0.70, 0.80, 0.90], line.Y);
        Assert.Contains("frontier", line.Label, StringComparison.Ordinal);
        var dominated = Assert.Single(ev.Series.OfType<ScatterSeries>(), s => s.Opacity < 1);
        Assert.Equal([8.0], dominated.X);
        Assert.Equal([0.75], dominated.Y);
        Assert.Equal(["k=4", "k=8", "k=8_lr=bad", "k=16"], ev.Annotations.OfType<PointMarker>().Select(m => m.Text));
        Assert.Equal(AxisScale.Log10, figure[0, 1].Y.Scale);
        Assert.Equal([2.0, 1.0, 0.5], Assert.Single(figure[0, 1].Series.OfType<LineSeries>()).Y);
    }

    [Fact]
    public void NaturalOrder_NumbersByValue()
    {
        SweepRow[] rows =
        [
            Row("k=16_lr=1e-3", "6", 16, 0, 0, ("architecture.k", "16"), ("training.lr", "1e-3")),
            Row("k=8_lr=1e-3", "6", 8, 0, 0, ("architecture.k", "8"), ("training.lr", "1e-3")),
            Row("k=8_lr=3e-4", "6", 8, 0, 0, ("architecture.k", "8"), ("training.lr", "3e-4")),
        ];

        Assert.Equal(["k=8_lr=3e-4", "k=8_lr=1e-3", "k=16_lr=1e-3"], SweepFigures.NaturalOrder(rows).Select(r => r.Point));
    }
}
