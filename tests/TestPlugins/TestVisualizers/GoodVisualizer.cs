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
public sealed class GoodVisualizer(GoodVisualizerOptions options, ComponentContext component) : IVisualizer
{
    private static readonly Action<ILogger, Exception?> WroteReport =
        LoggerMessage.Define(LogLevel.Information, new EventId(1, "WroteReport"), "test_good wrote its report");

    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Line("tag", options.Tag);
        Line("model", context.ModelName);
        Line("layer", context.LayerName);
        Line("rows", context.History.Steps.Count);
        Line("last_step", context.History.Steps.Count > 0 ? context.History.Steps[^1] : -1);
        Line("metrics", string.Join(',', context.History.MetricNames));
        Line("layers", string.Join(',', context.LayerHistories.Keys.Order(StringComparer.Ordinal)));
        Line("d_sae", context.FeatureCount);
        Line("evaluation_keys", context.Evaluation is null ? "" : string.Join(',', context.Evaluation.Values.Keys.Order(StringComparer.Ordinal)));
        Line("formats", string.Join(',', context.Formats));
        Line("dpi", context.Dpi);
        Line("process", Environment.ProcessId);
        WroteReport(component.Logger, null);
        File.WriteAllText(Path.Combine(context.OutputDirectory, $"{context.ModelName}_{context.LayerName}_good.txt"), text.ToString());
    }
}
