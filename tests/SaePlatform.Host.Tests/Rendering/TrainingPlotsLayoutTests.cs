using System.Reflection;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Rendering.Layout;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Rendering;

/// <summary>
/// The built-in training_plots figures of histories shaped like each architecture's (the keys it logs), rendered through the
/// recording render context: titles, legend entries, the target line and at least three labelled ticks per axis.
/// The plugin is loaded from the host's build output, as the host loads it.
/// </summary>
public sealed class TrainingPlotsLayoutTests
{
    private static readonly Color TargetRed = Color.FromHex(0xd62728);

    private static Assembly Plugin() => Assembly.LoadFrom(Path.Combine(Repository.HostOutput, "plugins", "SaePlatform.Plugins.TrainingPlots", "SaePlatform.Plugins.TrainingPlots.dll"));

    private static void Run(string visualizer, string options, VisualizationContext context)
    {
        var assembly = Plugin();
        var optionsObject = Activator.CreateInstance(assembly.GetType("SaePlatform.Plugins.TrainingPlots." + options, throwOnError: true)!)!;
        var instance = (IVisualizer)Activator.CreateInstance(assembly.GetType("SaePlatform.Plugins.TrainingPlots." + visualizer, throwOnError: true)!, optionsObject)!;
        instance.Render(context, default);
    }

    private sealed class Sink : IFigureSink
    {
        public Dictionary<string, Figure> Figures { get; } = [];
        public IReadOnlyList<string> Save(Figure figure, string fileStem)
        {
            Figures[fileStem] = figure;
            return [fileStem];
        }
    }

    /// <summary>Keys each architecture logs besides the reconstruction and total loss, its k (structural) and its L0 over 80 points.</summary>
    public static TheoryData<string, string[], int?> Architectures => new()
    {
        { "standard", [MetricNames.SparsityLoss], null },
        { "gated", [MetricNames.SparsityLoss, MetricNames.AuxiliaryLoss], null },
        { "topk", [MetricNames.AuxiliaryLoss], 16 },
        { "batchtopk", [MetricNames.AuxiliaryLoss], 16 },
        { "matryoshka", [MetricNames.MseLoss + "_prefix_64", MetricNames.MseLoss + "_prefix_128", MetricNames.AuxiliaryLoss], 16 },
        { "plugin", ["losses/decorrelation_penalty"], null },
    };

    private static (VisualizationContext Context, Sink Sink) Context(string architecture, string[] terms, int? k)
    {
        var history = new TrainingHistory();
        var random = new Random(7);
        for (int i = 0; i < 80; i++)
        {
            double mse = 60 * Math.Exp(-i / 6.0) + 8 + 0.3 * random.NextDouble();
            var values = new Dictionary<string, double> { [MetricNames.MseLoss] = mse };
            double total = mse;
            foreach (var term in terms)
            {
                double v = i == 0 ? 0 : 5 * (1 - Math.Exp(-i / 10.0)) + random.NextDouble();
                values[term] = v;
                total += v;
            }
            values[MetricNames.OverallLoss] = total;
            // topk: exactly k; batchtopk and matryoshka: k on average over the batch; penalty-based: falling towards ~30.
            values[MetricNames.L0] = architecture == "topk" ? 16 : k is int kk ? kk + random.NextDouble() - 0.5 : 30 + 200 * Math.Exp(-i / 15.0);
            history.Append(i * 25, values);
        }
        var sink = new Sink();
        return (new VisualizationContext("m", "l", history, Path.GetTempPath(), sink) { FeatureCount = 512, StructuralK = k, Architecture = architecture }, sink);
    }

    private static (RecordingRenderContext Rc, IReadOnlyList<PanelFrame> Frames) Render(Figure figure)
    {
        var rc = new RecordingRenderContext();
        return (rc, FigureRenderer.Render(figure, rc));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void TrainingHistory_TitlesLegendsTargetAndTicks(string architecture, string[] terms, int? k)
    {
        var (context, sink) = Context(architecture, terms, k);
        Run("TrainingHistoryVisualizer", "TrainingHistoryOptions", context);
        var figure = Assert.Single(sink.Figures).Value;
        var (rc, frames) = Render(figure);
        var texts = rc.Texts.Select(t => t.Text).ToList();
        Assert.Contains("m / l: training history", texts);
        foreach (var panel in figure.Panels) Assert.Contains(panel.Title!, texts);
        // No empty box: every panel draws data.
        Assert.All(figure.Panels, p => Assert.NotEmpty(p.Series));
        Assert.DoesNotContain(texts, t => t.Contains("was not logged", StringComparison.Ordinal));
        // Every term is drawn: the sparsity loss in its own panel, every other term into the total panel (raw + smoothed total
        // and one smoothed line per term), and without a sparsity loss the third panel holds the other terms.
        if (terms.Contains(MetricNames.SparsityLoss)) Assert.Equal("Sparsity loss", figure.Panels[2].Title);
        else Assert.Equal(terms.Length == 1 ? 2 : terms.Length, figure.Panels[2].Series.Count);
        Assert.Equal(1 + terms.Count(t => t != MetricNames.SparsityLoss), figure.Panels[1].Series.Count(s => s.Label is not null && s.Label.Contains("smoothed", StringComparison.Ordinal)));
        Assert.Contains(texts, t => t.StartsWith("smoothed (EMA ", StringComparison.Ordinal));
        // Target line: red, dashed, across the L0 panel at k or at 5 % of d_sae; its legend entry says which.
        double target = k ?? 25.6;
        var l0Frame = frames[3];
        double y = l0Frame.Y.Map(target);
        Assert.Contains(rc.Polylines, p => p.Stroke.Color == TargetRed && p.Stroke.Dash == LineDash.Dashed && p.Points.Length == 2
            && Math.Abs(p.Points[0].Y - y) < 1e-6 && Math.Abs(p.Points[0].X - l0Frame.Plot.X) < 1e-6);
        Assert.Contains(k is null ? "target 5 % of d_sae = L0 25.6" : "k = 16 (3.13 % of d_sae)", texts);
        AssertTicks(rc, frames);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void LossCurvesAndSparsity_EveryTermHasAFigure_TicksEverywhere(string architecture, string[] terms, int? k)
    {
        var (context, sink) = Context(architecture, terms, k);
        Run("LossCurvesVisualizer", "LossCurvesOptions", context);
        Run("SparsityVisualizer", "SparsityOptions", context);
        foreach (var term in terms)
        {
            string key = term == MetricNames.SparsityLoss ? "sparsity_loss" : term.StartsWith("losses/", StringComparison.Ordinal) ? term["losses/".Length..] : term;
            Assert.Contains($"m_l_loss_curves_{key}", sink.Figures.Keys);
        }
        Assert.Contains("m_l_sparsity", sink.Figures.Keys);
        foreach (var (stem, figure) in sink.Figures)
        {
            var (rc, frames) = Render(figure);
            Assert.Contains(figure.Title!, rc.Texts.Select(t => t.Text));
            foreach (var entry in figure.Panels.SelectMany(p => p.Series).Where(s => s.Label is not null)) Assert.Contains(entry.Label!, rc.Texts.Select(t => t.Text));
            AssertTicks(rc, frames, stem);
        }
    }

    /// <summary>At least three distinct tick labels on every axis of every panel, each drawn as text.</summary>
    private static void AssertTicks(RecordingRenderContext rc, IReadOnlyList<PanelFrame> frames, string what = "")
    {
        var texts = rc.Texts.Select(t => t.Text).ToHashSet();
        foreach (var frame in frames)
            foreach (var ticks in new[] { frame.XTicks, frame.YTicks })
            {
                Assert.True(ticks.Select(t => t.Label).Distinct().Count() >= 3, $"{what}: ticks {string.Join(" ", ticks.Select(t => t.Label))}");
                Assert.All(ticks, t => Assert.Contains(t.Label, texts));
            }
    }
}
