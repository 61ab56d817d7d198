using System.ComponentModel;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePluginTemplate;

/// <summary>Options of the visualizer.</summary>
public sealed class VisualizerOptions
{
    /// <summary>History key to plot.</summary>
    [Description("History key to plot, e.g. losses/overall_loss.")]
    public string Metric { get; set; } = MetricNames.OverallLoss;
}

/// <summary>A visualizer to start from: one metric of the history against the step, saved as {model}_{layer}_COMPONENT_ID.</summary>
[Visualizer("COMPONENT_ID", Description = "TODO: describe the figure.")]
public sealed class Visualizer(VisualizerOptions options) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var values = context.History.Get(options.Metric);
        if (values is null) return;
        var steps = context.History.Steps.Select(s => (double)s).ToArray();

        var figure = new Figure { Title = $"{context.ModelName} {context.LayerName}: {options.Metric}" };
        figure.Panel.X.Label = "step";
        figure.Panel.Y.Label = options.Metric;
        figure.Panel.Add(new LineSeries(steps, values) { Label = options.Metric });
        context.Figures.Save(figure, $"{context.ModelName}_{context.LayerName}_COMPONENT_ID");
    }
}
