using SaePlatform.Contracts.Runs;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// A metric the plots show: its short key (file names, CSV rows), display name, and the history keys it may
/// be stored under (the SAELens-style name during a run, the brief's plain alias in files read back).
/// </summary>
internal sealed record TrackedMetric(string Key, string DisplayName, string HistoryKey, string Alias)
{
    public static readonly TrackedMetric ReconstructionLoss = new("reconstruction_loss", "Reconstruction loss", MetricNames.MseLoss, MetricNames.ReconstructionLossAlias);
    public static readonly TrackedMetric TotalLoss = new("total_loss", "Total loss", MetricNames.OverallLoss, MetricNames.TotalLossAlias);
    public static readonly TrackedMetric SparsityLoss = new("sparsity_loss", "Sparsity loss", MetricNames.SparsityLoss, MetricNames.SparsityLossAlias);
    public static readonly TrackedMetric L0 = new("l0_norm", "L0 (active features per row)", MetricNames.L0, MetricNames.L0Alias);

    /// <summary>The four metrics of the training-history figure, in panel order.</summary>
    public static IReadOnlyList<TrackedMetric> Basic { get; } = [ReconstructionLoss, TotalLoss, SparsityLoss, L0];

    /// <summary>The losses with per-loss figures.</summary>
    public static IReadOnlyList<TrackedMetric> Losses { get; } = [ReconstructionLoss, TotalLoss, SparsityLoss];

    /// <summary>The column, or null when it was never logged or holds no finite value.</summary>
    public IReadOnlyList<double>? Column(TrainingHistory history)
    {
        foreach (var key in new[] { HistoryKey, Alias })
        {
            var column = history.Get(key);
            if (column is not null && column.Any(double.IsFinite)) return column;
        }
        return null;
    }
}
