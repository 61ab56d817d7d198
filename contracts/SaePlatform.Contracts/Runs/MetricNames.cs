namespace SaePlatform.Contracts.Runs;

/// <summary>History keys. Names follow SAELens's W&amp;B keys where one exists (SAE_REFERENCE.md).</summary>
public static class MetricNames
{
    /// <summary>Reconstruction term (sum over d_in, mean over rows).</summary>
    public const string MseLoss = "losses/mse_loss";
    /// <summary>Sparsity term, already weighted by the coefficient.</summary>
    public const string SparsityLoss = "losses/l1_loss";
    /// <summary>Auxiliary reconstruction term (AuxK, gated aux).</summary>
    public const string AuxiliaryLoss = "losses/auxiliary_reconstruction_loss";
    /// <summary>Sum of all terms.</summary>
    public const string OverallLoss = "losses/overall_loss";
    /// <summary>Mean number of non-zero features per row.</summary>
    public const string L0 = "metrics/l0";
    /// <summary>1 - sum||x - x_hat||^2 / sum||x - mean(x)||^2 over the batch.</summary>
    public const string ExplainedVariance = "metrics/explained_variance";
    /// <summary>Std over rows of the per-row explained variance.</summary>
    public const string ExplainedVarianceStd = "metrics/explained_variance_std";
    /// <summary>Learning rate used for the step.</summary>
    public const string LearningRate = "details/current_learning_rate";
    /// <summary>Rows consumed so far.</summary>
    public const string TrainingSamples = "details/n_training_samples";
    /// <summary>Current sparsity coefficient.</summary>
    public const string SparsityCoefficient = "details/sparsity_coefficient";
    /// <summary>Features not fired within the feature-sampling window.</summary>
    public const string DeadFeatures = "sparsity/dead_features";
    /// <summary>Mean over features of steps since the feature last fired.</summary>
    public const string MeanPassesSinceFired = "sparsity/mean_passes_since_fired";
    /// <summary>Mean over features of log10(firing frequency + 1e-10).</summary>
    public const string MeanLog10FeatureSparsity = "metrics/mean_log10_feature_sparsity";
    /// <summary>Global gradient norm before clipping.</summary>
    public const string GradNorm = "details/grad_norm";

    /// <summary>Plain alias of <see cref="OverallLoss"/> in the history files.</summary>
    public const string TotalLossAlias = "total_loss";
    /// <summary>Plain alias of <see cref="MseLoss"/> in the history files.</summary>
    public const string ReconstructionLossAlias = "reconstruction_loss";
    /// <summary>Plain alias of <see cref="SparsityLoss"/> in the history files.</summary>
    public const string SparsityLossAlias = "sparsity_loss";
    /// <summary>Plain alias of <see cref="L0"/> in the history files.</summary>
    public const string L0Alias = "l0_norm";
}
