using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization;

namespace SaePlatform.Plugins.Tests.TrainingPlots;

/// <summary>A crafted history (losses falling like 1/step, L0 settling at 20) and a context around it.</summary>
internal static class VisualizerFixture
{
    public const int Steps = 200;

    public static double Reconstruction(int i) => 4.0 / (1 + 0.05 * i) + 0.5;
    public static double Sparsity(int i) => 0.3 * Math.Min(1, i / 50.0);
    public static double L0(int i) => 20 + 200.0 / (1 + 0.1 * i);

    public static TrainingHistory History(bool plainAliases = false, double scale = 1)
    {
        var history = new TrainingHistory();
        for (int i = 0; i < Steps; i++)
        {
            double mse = Reconstruction(i) * scale, sparsity = Sparsity(i) * scale;
            history.Append(i * 10 + 1, new Dictionary<string, double>
            {
                [plainAliases ? MetricNames.ReconstructionLossAlias : MetricNames.MseLoss] = mse,
                [plainAliases ? MetricNames.SparsityLossAlias : MetricNames.SparsityLoss] = sparsity,
                [plainAliases ? MetricNames.TotalLossAlias : MetricNames.OverallLoss] = mse + sparsity,
                [plainAliases ? MetricNames.L0Alias : MetricNames.L0] = L0(i),
                [MetricNames.ExplainedVariance] = 1 - mse / 5,
            });
        }
        return history;
    }

    public static VisualizationContext Context(RecordingFigureSink sink, TrainingHistory? history = null, string? outputDirectory = null) =>
        new("gpt2", "layer10", history ?? History(), outputDirectory ?? Path.GetTempPath(), sink);

    public static ComponentContext Component(ILogger logger) => new(logger, Path.GetTempPath(), Path.GetTempPath(), 1);
}

internal sealed class ListLogger : ILogger
{
    public List<string> Messages { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Add(formatter(state, exception));
}
