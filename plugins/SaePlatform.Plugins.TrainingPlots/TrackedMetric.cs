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
    public static readonly TrackedMetric ExplainedVariance = new("explained_variance", "Explained variance", MetricNames.ExplainedVariance, MetricNames.ExplainedVariance);

    /// <summary>The four metrics of the training-history figure, in panel order.</summary>
    public static IReadOnlyList<TrackedMetric> Basic { get; } = [ReconstructionLoss, TotalLoss, SparsityLoss, L0];

    /// <summary>The losses every architecture may log under a fixed name.</summary>
    public static IReadOnlyList<TrackedMetric> Losses { get; } = [ReconstructionLoss, TotalLoss, SparsityLoss];

    /// <summary>
    /// Every loss term <paramref name="history"/> holds with a finite value: the fixed ones (<see cref="Losses"/>) first, then
    /// every other key that names a loss (<c>losses/...</c> or containing "loss": AuxK, JumpReLU's pre-activation loss,
    /// matryoshka prefix losses, a plugin architecture's own term), in the order they were logged. Validation copies
    /// (<c>validation/...</c>) are not terms of their own.
    /// </summary>
    public static List<TrackedMetric> LossTerms(TrainingHistory history)
    {
        var terms = Losses.Where(m => m.Column(history) is not null).ToList();
        var known = new HashSet<string>(Losses.SelectMany(m => new[] { m.HistoryKey, m.Alias }), StringComparer.Ordinal);
        foreach (var name in history.MetricNames)
        {
            if (known.Contains(name) || name.StartsWith(MetricNames.ValidationPrefix, StringComparison.Ordinal)) continue;
            if (!name.StartsWith("losses/", StringComparison.Ordinal) && !name.Contains("loss", StringComparison.OrdinalIgnoreCase)) continue;
            var metric = Extra(name);
            if (metric.Column(history) is not null) terms.Add(metric);
        }
        return terms;
    }

    /// <summary>A loss term beyond the fixed ones, named after its history key.</summary>
    public static TrackedMetric Extra(string historyKey)
    {
        var shortName = historyKey.StartsWith("losses/", StringComparison.Ordinal) ? historyKey["losses/".Length..] : historyKey;
        string display = historyKey switch
        {
            MetricNames.AuxiliaryLoss => "Auxiliary reconstruction loss",
            MetricNames.PreActLoss => "Pre-activation loss",
            _ when historyKey.StartsWith(MetricNames.MseLoss + "_prefix_", StringComparison.Ordinal) =>
                $"Reconstruction loss, first {historyKey[(MetricNames.MseLoss + "_prefix_").Length..]} features",
            _ => char.ToUpperInvariant(shortName[0]) + shortName[1..].Replace('_', ' ').Replace('/', ' '),
        };
        return new TrackedMetric(FileNames.ForFile(shortName.Replace('/', '_')), display, historyKey, historyKey);
    }

    /// <summary>True for the terms <see cref="Losses"/> does not name.</summary>
    public bool IsExtra => !Losses.Contains(this);

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

    /// <summary>The same metric measured on the validation rows, or null when not logged.</summary>
    public IReadOnlyList<double>? ValidationColumn(TrainingHistory history)
    {
        var column = history.Get(MetricNames.Validation(HistoryKey));
        return column is not null && column.Any(double.IsFinite) ? column : null;
    }
}
