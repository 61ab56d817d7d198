namespace SaePlatform.Host.Plan;

/// <summary>
/// The visualizers run when a config has no <c>visualizers</c> key, or it is null (the built-in training plots;
/// PLOTTING.md). An explicit empty list runs none.
/// </summary>
internal static class DefaultVisualizers
{
    /// <summary>The layer overlay visualizer, which <c>sae plot</c> runs only with <c>--comparison</c>.</summary>
    public const string LayerComparison = "layer_comparison";

    /// <summary>Ids in run order; ids no loaded plugin registers are skipped (logged at debug level).</summary>
    public static IReadOnlyList<string> Ids { get; } =
        ["training_history", "loss_curves", "sparsity", "loss_rate", "evaluation", LayerComparison, "statistics"];
}
