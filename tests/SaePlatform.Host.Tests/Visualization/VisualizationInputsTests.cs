using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Visualization;

namespace SaePlatform.Host.Tests.Visualization;

/// <summary>What the figures learn of a saved run besides its history: architecture and k from cfg.json, each layer's resolved config.</summary>
public sealed class VisualizationInputsTests
{
    private sealed class NoFigures : IFigureSink
    {
        public IReadOnlyList<string> Save(Figure figure, string fileStem) => [];
    }

    [Fact]
    public void BuildContext_TopKRunAndASecondLayer_ArchitectureKAndFlatConfigsOfBothLayers()
    {
        var model = Path.Combine(Repository.NewTempDirectory(), "m");
        Directory.CreateDirectory(Path.Combine(model, "k16"));
        foreach (var (layer, k) in new[] { ("k16", 16), ("k8", 8) })
        {
            var history = new TrainingHistory();
            history.Append(0, new Dictionary<string, double> { [MetricNames.MseLoss] = 1 });
            HistoryFiles.WriteJson(Path.Combine(model, layer + "_training_history.json"), history);
            File.WriteAllText(Path.Combine(model, layer + "_config.yaml"),
                $"run:\n  layer: {layer}\narchitecture:\n  type: topk\n  k: {k}\ntraining:\n  lr: 0.002\n  prefix_widths: [1, 2]\n");
        }
        File.WriteAllText(Path.Combine(model, "k16", "cfg.json"),
            """{"architecture": "topk", "d_sae": 512, "metadata": {"saeplatform": {"architecture_options": {"k": 16, "d_sae": 512}}}}""");

        var context = VisualizationRequest.ForHistoryFile(Path.Combine(model, "k16_training_history.json"), "m", "k16", Path.Combine(model, "plots"))
            .BuildContext(new NoFigures());

        Assert.Equal((512, "topk", 16), (context.FeatureCount, context.Architecture, context.StructuralK));
        Assert.Equal(["k16", "k8"], context.LayerSettings.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("8", context.LayerSettings["k8"]["architecture.k"]);
        Assert.Equal("k16", context.LayerSettings["k16"]["run.layer"]);
        Assert.Equal("[1, 2]", context.LayerSettings["k8"]["training.prefix_widths"]);
    }

    [Fact]
    public void BuildContext_PenaltyArchitectureWithoutK_StructuralKNull()
    {
        var model = Path.Combine(Repository.NewTempDirectory(), "m");
        Directory.CreateDirectory(Path.Combine(model, "l"));
        var history = new TrainingHistory();
        history.Append(0, new Dictionary<string, double> { [MetricNames.MseLoss] = 1 });
        HistoryFiles.WriteJson(Path.Combine(model, "l_training_history.json"), history);
        File.WriteAllText(Path.Combine(model, "l", "cfg.json"), """{"architecture": "standard", "d_sae": 64}""");
        var context = VisualizationRequest.ForHistoryFile(Path.Combine(model, "l_training_history.json"), "m", "l", Path.Combine(model, "plots"))
            .BuildContext(new NoFigures());
        Assert.Equal((64, "standard", (int?)null), (context.FeatureCount, context.Architecture, context.StructuralK));
        Assert.Empty(context.LayerSettings);   // no config saved: comparisons fall back to layer names
    }
}
