namespace SaePlatform.Contracts.Runs;

/// <summary>History keys. Names follow SAELens's W&amp;B keys where one exists (SAE_REFERENCE.md).</summary>
public static class MetricNames
{
    /// <summary>
    /// Reconstruction term: squared error summed over d_in, mean over rows, in the units of the rows the SAE trains on
    /// (after <c>training.normalize_activations</c>).
    /// </summary>
    public const string MseLoss = "losses/mse_loss";
    /// <summary>Sparsity term, already weighted by the coefficient (same units as the loss it is added to).</summary>
    public const string SparsityLoss = "losses/l1_loss";
    /// <summary>Auxiliary reconstruction term (AuxK, gated aux), squared error in the units of <see cref="MseLoss"/>, weighted.</summary>
    public const string AuxiliaryLoss = "losses/auxiliary_reconstruction_loss";

    /// <summary>JumpReLU's pre-activation loss on dead features (SAELens <c>pre_act_loss</c>), already weighted.</summary>
    public const string PreActLoss = "losses/pre_act_loss";
    /// <summary>Ghost-grads term (training.ghost_grads): the dead features' exp(pre-activations) fit the residual, rescaled to the MSE term's value.</summary>
    public const string GhostGradLoss = "losses/ghost_grad_loss";
    /// <summary>Sum of all terms (units of <see cref="MseLoss"/>).</summary>
    public const string OverallLoss = "losses/overall_loss";
    /// <summary>Mean number of non-zero features per row (a count, not a fraction of d_sae).</summary>
    public const string L0 = "metrics/l0";
    /// <summary>1 - sum||x - x_hat||^2 / sum||x - mean(x)||^2 over the batch (unitless).</summary>
    public const string ExplainedVariance = "metrics/explained_variance";
    /// <summary>Std over rows of the per-row explained variance.</summary>
    public const string ExplainedVarianceStd = "metrics/explained_variance_std";
    /// <summary>Learning rate used for the step.</summary>
    public const string LearningRate = "details/current_learning_rate";
    /// <summary>Rows consumed so far.</summary>
    public const string TrainingSamples = "details/n_training_samples";
    /// <summary>Current sparsity coefficient.</summary>
    public const string SparsityCoefficient = "details/sparsity_coefficient";
    /// <summary>
    /// Features that fired in none of the last W training steps (W = training.dead_feature_window), or none since the
    /// start while fewer than W steps are done; logged from the first dead-feature or density window on (a count).
    /// </summary>
    public const string DeadFeatures = "sparsity/dead_features";
    /// <summary>Mean over features of steps since the feature last fired.</summary>
    public const string MeanPassesSinceFired = "sparsity/mean_passes_since_fired";
    /// <summary>Features re-initialised by a resampling event (training.resample_every), logged at the event's step.</summary>
    public const string Resampled = "sparsity/resampled";
    /// <summary>Mean over features of log10(firing frequency + 1e-10) in the feature-density window; logged at every window end.</summary>
    public const string MeanLog10FeatureSparsity = "metrics/mean_log10_feature_sparsity";
    /// <summary>Features whose firing frequency in the density window is below 1e-5 (never-fired ones included); every window end.</summary>
    public const string FeaturesBelow1e5 = "sparsity/below_1e-5";
    /// <summary>Features whose firing frequency in the density window is below 1e-6 (never-fired ones included); every window end.</summary>
    public const string FeaturesBelow1e6 = "sparsity/below_1e-6";
    /// <summary>
    /// Prefix of the feature-density histogram columns logged at every window end (<c>feature_density_hist/zero</c>,
    /// <c>.../below_1e-6</c>, <c>.../1e-6_to_1e-5</c>, ..., <c>.../1e-1_to_1</c>): features per firing-frequency decade.
    /// </summary>
    public const string DensityHistogramPrefix = "feature_density_hist/";
    /// <summary>Global gradient norm before clipping.</summary>
    public const string GradNorm = "details/grad_norm";

    /// <summary>
    /// Device-to-host reads in the step (on a device that counts its transfers, <c>training.device: simdevice</c>; absent on
    /// the CPU): from after the batch upload to the end of the step's metrics. Each is a synchronisation point on a GPU.
    /// </summary>
    public const string DeviceHostReads = "device/host_reads";
    /// <summary>Bytes read from the device to the host in the step (see <see cref="DeviceHostReads"/>).</summary>
    public const string DeviceBytesToHost = "device/bytes_to_host";
    /// <summary>Host-to-device writes in the step after the batch upload (index arrays, masks; see <see cref="DeviceHostReads"/>).</summary>
    public const string DeviceHostWrites = "device/host_writes";
    /// <summary>The largest single transfer of the step in either direction, in bytes (see <see cref="DeviceHostReads"/>).</summary>
    public const string DeviceLargestTransfer = "device/largest_transfer_bytes";

    /// <summary>Plain alias of <see cref="OverallLoss"/> in the history files.</summary>
    public const string TotalLossAlias = "total_loss";
    /// <summary>Plain alias of <see cref="MseLoss"/> in the history files.</summary>
    public const string ReconstructionLossAlias = "reconstruction_loss";
    /// <summary>Plain alias of <see cref="SparsityLoss"/> in the history files.</summary>
    public const string SparsityLossAlias = "sparsity_loss";
    /// <summary>Plain alias of <see cref="L0"/> in the history files.</summary>
    public const string L0Alias = "l0_norm";

    /// <summary>Prefix of the validation keys in the history (<c>training.eval_every</c>): the training key after it.</summary>
    public const string ValidationPrefix = "validation/";

    /// <summary>The history key of <paramref name="trainingKey"/> measured on the validation rows.</summary>
    /// <param name="trainingKey">A training key, e.g. <see cref="OverallLoss"/>.</param>
    /// <returns><see cref="ValidationPrefix"/> followed by <paramref name="trainingKey"/>.</returns>
    public static string Validation(string trainingKey) => ValidationPrefix + trainingKey;

    /// <summary>Validation keys of the training keys the host always logs on the validation rows.</summary>
    public static class Validated
    {
        /// <summary><see cref="OverallLoss"/> on the validation rows (the early-stopping signal).</summary>
        public const string OverallLoss = ValidationPrefix + MetricNames.OverallLoss;
        /// <summary><see cref="ExplainedVariance"/> on the validation rows (relative to their mean).</summary>
        public const string ExplainedVariance = ValidationPrefix + MetricNames.ExplainedVariance;
        /// <summary><see cref="L0"/> on the validation rows.</summary>
        public const string L0 = ValidationPrefix + MetricNames.L0;
    }

    /// <summary>
    /// Keys of an evaluation on held-out rows (<c>evaluation.json</c>, <see cref="EvaluationResult"/>): scalars in
    /// <see cref="EvaluationResult.Values"/>, per-row and per-feature arrays in <see cref="EvaluationResult.Arrays"/>.
    /// </summary>
    public static class Evaluation
    {
        /// <summary>Rows evaluated (at most 16,384 of the split).</summary>
        public const string Rows = "rows";
        /// <summary>Mean over rows of the squared error summed over d_in, in <see cref="EvaluationResult.MseUnits"/>.</summary>
        public const string MsePerRowMean = "mse_per_row_mean";
        /// <summary>Std over rows of the squared error summed over d_in, in <see cref="EvaluationResult.MseUnits"/>.</summary>
        public const string MsePerRowStd = "mse_per_row_std";
        /// <summary>Explained variance over the evaluated rows (unitless).</summary>
        public const string ExplainedVariance = "explained_variance";
        /// <summary>Std over rows of the per-row explained variance.</summary>
        public const string ExplainedVarianceStd = "explained_variance_std";
        /// <summary>Mean number of non-zero features per row (a count).</summary>
        public const string L0 = "l0";
        /// <summary>Fraction of all (row, feature) activations with |a| &lt; 1e-6.</summary>
        public const string NearZeroFraction = "near_zero_fraction";
        /// <summary>Fraction of features that fired on none of the evaluated rows.</summary>
        public const string DeadFraction = "dead_fraction";
        /// <summary>For sources with ground truth: mean over true features of the best |cos| with any decoder row.</summary>
        public const string FeatureRecoveryMeanMaxCosine = "feature_recovery_mean_max_cosine";
        /// <summary>For sources with ground truth: fraction of true features whose best |cos| exceeds 0.9.</summary>
        public const string FeatureRecoveryFractionAbove09 = "feature_recovery_fraction_above_0.9";

        /// <summary>Array [rows]: squared error summed over d_in per evaluated row.</summary>
        public const string MsePerRow = "mse_per_row";
        /// <summary>Array [d_sae]: mean activation of each feature over the evaluated rows.</summary>
        public const string MeanActivationPerFeature = "mean_activation_per_feature";
        /// <summary>Array [d_sae]: log10(firing frequency + 1e-10) of each feature.</summary>
        public const string Log10FeatureDensity = "log10_feature_density";
    }
}
