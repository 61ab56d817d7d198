using System.Globalization;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Plugins.TrainingPlots;

namespace SaePlatform.Plugins.Tests.TrainingPlots;

public sealed class VisualizerTests
{
    private static double Last(IReadOnlyList<double> values) => values[^1];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]  // a history read back from the brief's JSON carries the plain aliases
    public void TrainingHistory_TwoByTwo_RawAndNamedSmoothingInEveryPanel(bool plainAliases)
    {
        var sink = new RecordingFigureSink();
        new TrainingHistoryVisualizer(new TrainingHistoryOptions()).Render(VisualizerFixture.Context(sink, VisualizerFixture.History(plainAliases)), default);
        // One figure: the reconstruction-only figure is loss_curves' (one naming scheme, no near-duplicate).
        Assert.Equal(["gpt2_layer10_training_history"], sink.Figures.Keys.ToArray());

        var history = sink.Figures["gpt2_layer10_training_history"];
        Assert.Equal((2, 2), (history.Rows, history.Columns));
        Assert.Equal(["Reconstruction loss", "Total loss", "Sparsity loss", "L0 (active features per row)"], history.Panels.Select(p => p.Title!).ToArray());
        var l0Raw = history.Panels[3].Series.OfType<LineSeries>().First();
        Assert.Equal(VisualizerFixture.L0(VisualizerFixture.Steps - 1), Last(l0Raw.Y), 12);
        Assert.Equal(10 * (VisualizerFixture.Steps - 1) + 1, Last(l0Raw.X));
        // Steps 1..1991: default time constant 1 % of 1990 steps = 19.9 steps, w = exp(-1/19.9) = 0.9510 per step.
        foreach (var panel in history.Panels)
            Assert.Equal(["raw", "smoothed (EMA 0.951/step, time constant 19.9 steps)"], panel.Series.Select(s => s.Label!).ToArray());
    }

    [Fact]
    public void TrainingHistory_NoSparsityLossNorOtherTerm_ExplainedVarianceInsteadOfAnEmptyBox()
    {
        var history = new TrainingHistory();
        for (int i = 0; i < 5; i++)
            history.Append(i, new Dictionary<string, double> { [MetricNames.MseLoss] = 1.0 / (i + 1), [MetricNames.ExplainedVariance] = 0.1 * i });
        var sink = new RecordingFigureSink();
        new TrainingHistoryVisualizer(new TrainingHistoryOptions()).Render(VisualizerFixture.Context(sink, history), default);
        var third = sink.Figures["gpt2_layer10_training_history"].Panels[2];
        Assert.StartsWith("Explained variance", third.Title, StringComparison.Ordinal);
        Assert.Equal([0.0, 0.1, 0.2, 0.30000000000000004, 0.4], third.Series.OfType<LineSeries>().First().Y);
        Assert.Empty(third.Annotations.OfType<TextBox>());
    }

    [Fact]
    public void LossCurves_PerLossWithFinalValueStatisticsAndCombinedLinearAndLog()
    {
        var sink = new RecordingFigureSink();
        // 0.6 per step; the fixture logs every 10 steps, so consecutive points decay the average by 0.6^10.
        new LossCurvesVisualizer(new LossCurvesOptions { SmoothingWeight = 0.6 }).Render(VisualizerFixture.Context(sink), default);
        Assert.Equal([
            "gpt2_layer10_loss_curves_combined", "gpt2_layer10_loss_curves_reconstruction_loss",
            "gpt2_layer10_loss_curves_sparsity_loss", "gpt2_layer10_loss_curves_total_loss",
        ], sink.Figures.Keys.Order(StringComparer.Ordinal).ToArray());

        var total = sink.Figures["gpt2_layer10_loss_curves_total_loss"].Panel;
        var box = Assert.Single(total.Annotations.OfType<TextBox>());
        double mean = Enumerable.Range(0, VisualizerFixture.Steps).Average(i => VisualizerFixture.Reconstruction(i) + VisualizerFixture.Sparsity(i));
        Assert.Equal("mean\t" + mean.ToString("0.###", CultureInfo.InvariantCulture), box.Lines[0]);
        Assert.StartsWith("final\t", box.Lines[1], StringComparison.Ordinal);

        var smoothed = total.Series.OfType<LineSeries>().Single(s => s.Label!.StartsWith("smoothed", StringComparison.Ordinal));
        // Second point of the debiased EMA with a = 0.6^10 between the two points: (a (1-a) y0 + (1-a) y1) / (a (1-a) + (1-a)).
        double y0 = VisualizerFixture.Reconstruction(0) + VisualizerFixture.Sparsity(0), y1 = VisualizerFixture.Reconstruction(1) + VisualizerFixture.Sparsity(1);
        double a = Math.Pow(0.6, 10);
        Assert.Equal((a * y0 + y1) / (a + 1), smoothed.Y[1], 12);

        var reconstruction = sink.Figures["gpt2_layer10_loss_curves_reconstruction_loss"].Panel;
        var marker = Assert.Single(reconstruction.Annotations.OfType<PointMarker>());
        double final = VisualizerFixture.Reconstruction(VisualizerFixture.Steps - 1);
        Assert.Equal(final, marker.Y, 12);
        Assert.Contains(final.ToString("0.####", CultureInfo.InvariantCulture)[..4], marker.Text, StringComparison.Ordinal);

        var combined = sink.Figures["gpt2_layer10_loss_curves_combined"];
        Assert.Contains("EMA 0.6/step", combined.Title, StringComparison.Ordinal);
        Assert.Equal(AxisScale.Linear, combined[0, 0].Y.Scale);
        Assert.Equal(AxisScale.Log10, combined[0, 1].Y.Scale);
        Assert.Equal(["Reconstruction loss", "Total loss", "Sparsity loss"], combined[0, 1].Series.Select(s => s.Label!).ToArray());
    }

    [Fact]
    public void Sparsity_TargetLineAndHistogramWithMeanAndTarget()
    {
        var sink = new RecordingFigureSink();
        new SparsityVisualizer(new SparsityOptions { TargetL0 = 25, Bins = 10 }).Render(VisualizerFixture.Context(sink), default);
        var figure = sink.Figures["gpt2_layer10_sparsity"];
        var targetLine = Assert.Single(figure[0, 0].Annotations.OfType<HorizontalLine>());
        Assert.Equal(25, targetLine.Y);
        Assert.Equal("target L0 25", targetLine.Label);   // d_sae unknown: no fraction
        var histogram = Assert.Single(figure[0, 1].Series.OfType<HistogramSeries>());
        Assert.Equal(VisualizerFixture.Steps, histogram.Counts.Sum());
        Assert.Equal(11, histogram.Edges.Count);
        var lines = figure[0, 1].Annotations.OfType<VerticalLine>().ToList();
        double mean = Enumerable.Range(0, VisualizerFixture.Steps).Average(VisualizerFixture.L0);
        Assert.Equal(mean, lines.Single(l => l.Label!.StartsWith("mean", StringComparison.Ordinal)).X, 9);
        Assert.Equal(25, lines.Single(l => l.Label!.StartsWith("target", StringComparison.Ordinal)).X);
    }

    [Fact]
    public void Sparsity_DensityWindowsLogged_DrawsDeadCountsAndTheLastDensityHistogram()
    {
        var history = new TrainingHistory();
        string[] bins = ["zero", "below_1e-6", "1e-6_to_1e-5", "1e-5_to_1e-4", "1e-4_to_1e-3", "1e-3_to_1e-2", "1e-2_to_1e-1", "1e-1_to_1"];
        for (int i = 0; i < 10; i++)
        {
            var values = new Dictionary<string, double> { [MetricNames.L0] = 20, [MetricNames.DeadFeatures] = 100 - 10 * i };
            if (i % 5 == 4)   // window ends at steps 4 and 9; the last one has bins 0..7 holding 50, 0, 1, ..., 6 features
            {
                values[MetricNames.FeaturesBelow1e5] = 60 - i;
                for (int b = 0; b < bins.Length; b++) values[MetricNames.DensityHistogramPrefix + bins[b]] = i == 9 ? (b == 0 ? 50 : b - 1) : 1;
            }
            history.Append(i, values);
        }
        var sink = new RecordingFigureSink();

        new SparsityVisualizer(new SparsityOptions()).Render(VisualizerFixture.Context(sink, history), default);

        var figure = sink.Figures["gpt2_layer10_feature_density"];
        var dead = figure[0, 0].Series.OfType<LineSeries>().Single(l => l.Label!.StartsWith("dead", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 100.0 - 10 * i), dead.Y);
        var below5 = figure[0, 0].Series.OfType<LineSeries>().Single(l => l.Label!.Contains("1e-5"));
        Assert.Equal([4.0, 9.0], below5.X);                    // logged at window ends only
        var histogram = Assert.Single(figure[0, 1].Series.OfType<HistogramSeries>());
        Assert.Equal([-8.0, -7, -6, -5, -4, -3, -2, -1, 0], histogram.Edges);
        Assert.Equal([50.0, 0, 1, 2, 3, 4, 5, 6], histogram.Counts);
        Assert.Equal("Feature density, window ending at step 9", figure[0, 1].Title);
    }

    [Fact]
    public void Sparsity_NoTargetAndDsaeUnknown_NoTargetLines()
    {
        var sink = new RecordingFigureSink();
        new SparsityVisualizer(new SparsityOptions()).Render(VisualizerFixture.Context(sink), default);
        var figure = sink.Figures["gpt2_layer10_sparsity"];
        Assert.Empty(figure[0, 0].Annotations.OfType<HorizontalLine>());
        Assert.Single(figure[0, 1].Annotations);
    }

    [Fact]
    public void LossRate_FallingLoss_NegativeSmoothedRateAroundZeroLine()
    {
        var sink = new RecordingFigureSink();
        new LossRateVisualizer(new LossRateOptions { SmoothingWeight = 0 }).Render(VisualizerFixture.Context(sink), default);
        var panel = sink.Figures["gpt2_layer10_loss_rate"].Panel;
        var rate = Assert.Single(panel.Series.OfType<LineSeries>());
        // Weight 0: the central difference of the total loss over steps 10 apart.
        double Total(int i) => VisualizerFixture.Reconstruction(i) + VisualizerFixture.Sparsity(i);
        Assert.Equal((Total(101) - Total(99)) / 20, rate.Y[100], 12);
        Assert.Equal(0, Assert.Single(panel.Annotations.OfType<HorizontalLine>()).Y);
    }

    [Fact]
    public void Evaluation_NoEvaluation_NothingSaved()
    {
        var sink = new RecordingFigureSink();
        new EvaluationVisualizer(new EvaluationOptions()).Render(VisualizerFixture.Context(sink), default);
        Assert.Empty(sink.Figures);
    }

    [Fact]
    public void Evaluation_WithArrays_ThreePanels()
    {
        var sink = new RecordingFigureSink();
        var context = new VisualizationContext("gpt2", "layer10", VisualizerFixture.History(), Path.GetTempPath(), sink)
        {
            Evaluation = new EvaluationResult("test", 2000, new Dictionary<string, double>())
            {
                Arrays = new Dictionary<string, double[]>
                {
                    ["mse_per_row"] = [0.1, 0.2, 0.3, 0.6],
                    ["mean_activation_per_feature"] = [0, 0.5, 0.2, 0],
                    ["log10_feature_density"] = [-10, -2, -2.5, -10],
                },
            },
        };
        new EvaluationVisualizer(new EvaluationOptions { Bins = 5 }).Render(context, default);
        var figure = sink.Figures["gpt2_layer10_evaluation"];
        Assert.Equal((1, 3), (figure.Rows, figure.Columns));
        Assert.Equal(0.3, figure[0, 0].Annotations.OfType<VerticalLine>().Single().X, 12);
        Assert.Equal([0.5, 0.2, 0, 0], figure[0, 1].Series.OfType<LineSeries>().Single().Y);
        Assert.Contains("never active\t2", figure[0, 1].Annotations.OfType<TextBox>().Single().Lines);
        Assert.Equal(4, figure[0, 2].Series.OfType<HistogramSeries>().Single().Counts.Sum());
    }

    [Fact]
    public void LayerComparison_OneLayer_NothingSaved_TwoLayers_OneFigurePerMetric()
    {
        var sink = new RecordingFigureSink();
        var visualizer = new LayerComparisonVisualizer(new LayerComparisonOptions());
        var history = VisualizerFixture.History();
        visualizer.Render(VisualizerFixture.Context(sink, history), default);
        Assert.Empty(sink.Figures);

        var context = new VisualizationContext("gpt2", "layer10", history, Path.GetTempPath(), sink)
        {
            LayerHistories = new Dictionary<string, TrainingHistory> { ["layer10"] = history, ["layer2"] = VisualizerFixture.History(scale: 2) },
        };
        visualizer.Render(context, default);
        Assert.Equal(["gpt2_all_layers_l0_norm", "gpt2_all_layers_reconstruction_loss", "gpt2_all_layers_sparsity_loss", "gpt2_all_layers_total_loss"],
            sink.Figures.Keys.Order(StringComparer.Ordinal).ToArray());
        var figure = sink.Figures["gpt2_all_layers_reconstruction_loss"];
        var series = figure.Panel.Series.OfType<LineSeries>().ToList();
        Assert.Equal(["layer2", "layer10"], series.Select(s => s.Label!).ToArray());   // natural order, no config known: by layer
        Assert.Equal(2 * Last(series[1].Y), Last(series[0].Y), 9);
        Assert.EndsWith("by layer", figure.Title, StringComparison.Ordinal);
        Assert.Contains("EMA", figure.Panel.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Statistics_CsvRowsAndConvergenceJsonAndLoggedVerdict()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sae-plot-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var logger = new ListLogger();
        var sink = new RecordingFigureSink();
        new StatisticsVisualizer(new StatisticsOptions { TargetL0 = 30 }, VisualizerFixture.Component(logger))
            .Render(VisualizerFixture.Context(sink, outputDirectory: dir), default);

        var rows = File.ReadAllLines(Path.Combine(dir, "gpt2_layer10_statistics.csv"));
        Assert.Equal("metric,count,initial,final,min,max,mean,std,change,change_percent,change_percent_note", rows[0]);
        var l0 = rows.Single(r => r.StartsWith(MetricNames.L0 + ",", StringComparison.Ordinal)).Split(',');
        var values = Enumerable.Range(0, VisualizerFixture.Steps).Select(VisualizerFixture.L0).ToArray();
        double mean = values.Average(), std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        double[] expected = [values[0], values[^1], values.Min(), values.Max(), mean, std, values[^1] - values[0], 100 * (values[^1] - values[0]) / values[0]];
        Assert.Equal("200", l0[1]);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], double.Parse(l0[i + 2], CultureInfo.InvariantCulture), 9);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "gpt2_layer10_convergence.json")));
        var reconstruction = json.RootElement.GetProperty("losses").GetProperty("reconstruction_loss");
        var tail = Enumerable.Range(VisualizerFixture.Steps - 20, 20).Select(VisualizerFixture.Reconstruction).ToArray();
        double tailMean = tail.Average(), tailStd = Math.Sqrt(tail.Average(v => (v - tailMean) * (v - tailMean)));
        Assert.Equal(20, reconstruction.GetProperty("window").GetInt32());
        Assert.Equal(tailStd / tailMean, reconstruction.GetProperty("coefficient_of_variation").GetDouble(), 9);
        Assert.True(reconstruction.GetProperty("converged").GetBoolean());
        // Final-window L0 is 20 + 200 / (1 + 0.1 i) for i = 180..199, about 30.5: within 20 % of 30.
        Assert.True(json.RootElement.GetProperty("l0").GetProperty("on_target").GetBoolean());
        string verdict = json.RootElement.GetProperty("verdict").GetString()!;
        // Its CV is below 5 %, but 4/(1 + 0.05 i) + 0.5 still falls 3.9 % across the last 20 points: the slope test says so
        // (no run-health file here, so the losses are all it has).
        Assert.True(reconstruction.GetProperty("still_improving").GetBoolean());
        double xMean = 9.5, sxy = 0, sxx = 0;
        for (int i = 0; i < 20; i++) { sxy += (i - xMean) * (tail[i] - tailMean); sxx += (i - xMean) * (i - xMean); }
        Assert.Equal(sxy / sxx * 19 / tailMean, reconstruction.GetProperty("relative_change_across_window").GetDouble(), 9);
        Assert.Equal("still improving (judged from the losses only)", verdict);
        Assert.Contains(logger.Messages, m => m.Contains("gpt2/layer10", StringComparison.Ordinal) && m.EndsWith(verdict, StringComparison.Ordinal));
        Assert.Empty(sink.Figures);
        Assert.Equal(2, Directory.GetFiles(dir).Length);   // no temporary files left
    }

    [Fact]
    public void Statistics_RunHealthSaved_ReportsTheRunsVerdictAndItsWarnings()
    {
        // A flat, "converged-looking" history, but the run itself judged its SAE degenerate and raised a warning.
        var warning = new TrainingWarning("dead_features", 30, 199, true, "92.0 % of features (1884 of 2048) have not fired in the last 30 steps",
            "lower training.dead_feature_window");
        var health = new RunHealth(RunOutcome.Completed, 200, 200, RunVerdict.Degenerate, ["98.8 % of features dead"], [warning]);
        var dir = Path.Combine(Path.GetTempPath(), "sae-plot-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var logger = new ListLogger();
        var context = new VisualizationContext("gpt2", "layer10", VisualizerFixture.History(), dir, new RecordingFigureSink()) { Health = health };

        new StatisticsVisualizer(new StatisticsOptions(), VisualizerFixture.Component(logger)).Render(context, default);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "gpt2_layer10_convergence.json")));
        string verdict = json.RootElement.GetProperty("verdict").GetString()!;
        Assert.StartsWith("degenerate (98.8 % of features dead)", verdict, StringComparison.Ordinal);
        var listed = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("dead_features", listed.GetProperty("code").GetString());
        Assert.Equal(30, listed.GetProperty("first_step").GetInt64());
        Assert.Equal("lower training.dead_feature_window", listed.GetProperty("remedy").GetString());
        Assert.Contains(logger.Messages, m => m.EndsWith(verdict, StringComparison.Ordinal));
    }

    [Fact]
    public void Statistics_ExplodingLoss_VerdictNamesDivergenceAndNaN()
    {
        var history = new TrainingHistory();
        for (int i = 0; i < 100; i++)
        {
            double loss = i < 60 ? 1.0 : i < 99 ? Math.Exp((i - 60) * 0.1) : double.NaN;
            history.Append(i, new Dictionary<string, double> { [MetricNames.OverallLoss] = loss, [MetricNames.MseLoss] = loss });
        }
        var dir = Path.Combine(Path.GetTempPath(), "sae-plot-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var logger = new ListLogger();
        new StatisticsVisualizer(new StatisticsOptions(), VisualizerFixture.Component(logger)).Render(VisualizerFixture.Context(new RecordingFigureSink(), history, dir), default);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "gpt2_layer10_convergence.json")));
        var total = json.RootElement.GetProperty("losses").GetProperty("total_loss");
        Assert.True(total.GetProperty("diverged").GetBoolean());
        Assert.Equal(1, total.GetProperty("non_finite_values").GetInt32());
        string verdict = json.RootElement.GetProperty("verdict").GetString()!;
        Assert.StartsWith("not converged", verdict, StringComparison.Ordinal);
        Assert.Contains("total_loss diverged", verdict, StringComparison.Ordinal);
        Assert.Contains("non-finite", verdict, StringComparison.Ordinal);
    }
}
