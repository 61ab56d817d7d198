using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <c>M_all_layers_&lt;metric&gt;</c>: the smoothed curve of every layer of the model on one axis, per metric, when the
/// model has more than one layer (rewritten as more layers finish). Curves are labelled by what differs between the
/// runs' configs (e.g. <c>architecture.k=16</c>), by layer name when nothing else does; the legend is in natural order
/// (k8, k16, k32) and the title names the smoothing.
/// </summary>
[Visualizer("layer_comparison", Description = "Overlay of all layers (runs) of a model, one figure per metric, labelled by what differs between the runs.")]
public sealed class LayerComparisonVisualizer(LayerComparisonOptions options) : IVisualizer
{
    // Keys that always differ between layers or say nothing about the run.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "run.layer", "run.model", "run.output_dir" };

    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        if (context.LayerHistories.Count < 2) return;
        var (labels, differing) = Labels(context);
        var layers = context.LayerHistories
            .OrderBy(kv => labels[kv.Key], Comparer<string>.Create(PlotData.NaturalCompare))
            .ThenBy(kv => kv.Key, Comparer<string>.Create(PlotData.NaturalCompare))
            .ToList();
        string by = differing.Count == 0 ? "layer" : string.Join(", ", differing);
        foreach (var metric in TrackedMetric.Basic)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var figure = new Figure { Title = $"{context.ModelName}: {metric.DisplayName.ToLowerInvariant()} by {by}" };
            var panel = figure.Panel;
            PlotData.StepAxis(panel);
            panel.Y.Label = metric.DisplayName;
            int index = 0;
            string? smoothingText = null;
            foreach (var (layer, history) in layers)
            {
                var column = metric.Column(history);
                var color = Color.FromPalette(index++);
                if (column is null) continue;
                var steps = PlotData.Steps(history);
                var smoothing = CurveSmoothing.For(options, steps);
                smoothingText ??= smoothing.Description;
                panel.Add(PlotData.Line(steps, smoothing.Apply(steps, column), labels[layer], color, 1.6));
            }
            if (panel.Series.Count == 0) continue;
            panel.Title = $"smoothed: {smoothingText}";
            context.Figures.Save(figure, FileNames.ForFile($"{context.ModelName}_all_layers_{metric.Key}"));
        }
    }

    /// <summary>
    /// A legend label per layer: the config keys whose values differ between the layers' runs (<c>key=value, ...</c>,
    /// prefixed by the layer name when layers share those values), or the layer name when no config differs or is known.
    /// </summary>
    internal static (Dictionary<string, string> Labels, List<string> DifferingKeys) Labels(VisualizationContext context)
    {
        var names = context.LayerHistories.Keys.ToList();
        var settings = context.LayerSettings;
        var differing = new List<string>();
        if (names.TrueForAll(settings.ContainsKey))
        {
            var keys = names.SelectMany(n => settings[n].Keys).Distinct(StringComparer.Ordinal).Where(k => !Ignored.Contains(k)).Order(StringComparer.Ordinal);
            foreach (var key in keys)
                if (names.Select(n => settings[n].GetValueOrDefault(key, "(unset)")).Distinct(StringComparer.Ordinal).Skip(1).Any()) differing.Add(key);
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (differing.Count == 0) { labels[name] = name; continue; }
            string values = string.Join(", ", differing.Select(k => $"{Short(k)}={settings[name].GetValueOrDefault(k, "(unset)")}"));
            labels[name] = values;
        }
        // Two layers with the same differing values (a third one differs) still need their own entries.
        foreach (var group in labels.GroupBy(kv => kv.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList())
            foreach (var (name, label) in group.ToList()) labels[name] = $"{name}: {label}";
        return (labels, differing.Select(Short).ToList());
    }

    /// <summary>The last part of a config key, or the whole key when it is a plain name (architecture.k -> k).</summary>
    private static string Short(string key) => key.Contains('.', StringComparison.Ordinal) ? key[(key.LastIndexOf('.') + 1)..] : key;
}
