using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;

namespace TestVisualizers;

/// <summary>Options of <see cref="GoodVisualizer"/>.</summary>
public sealed class GoodVisualizerOptions
{
    /// <summary>Written into the report, so a test can see the options reached the visualizer (also in a worker).</summary>
    public string Tag { get; set; } = "default-tag";
}

/// <summary>
/// Writes <c>{model}_{layer}_good.txt</c> into the output folder: what the context says (history length, last
/// step, layers, d_sae, evaluation, formats, dpi), one <c>key=value</c> per line, for tests to compare with the files.
/// </summary>
[Visualizer("test_good")]
public sealed class GoodVisualizer(GoodVisualizerOptions options, ComponentContext context) : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext c, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Line("tag", options.Tag);
        Line("model", c.ModelName);
        Line("layer", c.LayerName);
        Line("rows", c.History.Steps.Count);
        Line("last_step", c.History.Steps.Count > 0 ? c.History.Steps[^1] : -1);
        Line("metrics", string.Join(',', c.History.MetricNames));
        Line("layers", string.Join(',', c.LayerHistories.Keys.Order(StringComparer.Ordinal)));
        Line("d_sae", c.FeatureCount);
        Line("evaluation_keys", c.Evaluation is null ? "" : string.Join(',', c.Evaluation.Values.Keys.Order(StringComparer.Ordinal)));
        Line("formats", string.Join(',', c.Formats));
        Line("dpi", c.Dpi);
        Line("process", Environment.ProcessId);
        context.Logger.LogInformation("test_good wrote its report");
        File.WriteAllText(Path.Combine(c.OutputDirectory, $"{c.ModelName}_{c.LayerName}_good.txt"), text.ToString());
    }
}
