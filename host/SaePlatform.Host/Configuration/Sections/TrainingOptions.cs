using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Host.Configuration.Binding;

namespace SaePlatform.Host.Configuration.Sections;

/// <summary>
/// The <c>training</c> section: budget, optimiser, schedules, sparsity coefficient, logging, checkpoints,
/// evaluation and dead-feature tracking. Defaults follow SAELens where it has one (SAE_REFERENCE.md).
/// </summary>
/// <remarks>
/// Budget: training stops at the first of <see cref="Steps"/>, <see cref="Samples"/> and <see cref="Epochs"/>
/// that is reached; when none is set it trains on <see cref="DefaultSamples"/> rows, SAELens's default token
/// budget (see <see cref="ResolveTotalSteps"/>).
/// </remarks>
internal sealed class TrainingOptions : IValidatableObject
{
    // ---- budget ----

    /// <summary>Optimiser steps. Default null (no step limit).</summary>
    [Description("Optimiser steps; null for no step limit.")]
    [Range(1d, long.MaxValue)]
    public long? Steps { get; set; }

    /// <summary>Passes over the training split. Default null (no epoch limit).</summary>
    [Description("Passes over the training split; null for no epoch limit.")]
    [Range(1, int.MaxValue)]
    public int? Epochs { get; set; }

    /// <summary>Training rows (tokens) to consume. Default null (2,000,000 when no budget key is set).</summary>
    [Description("Training rows (tokens) to consume; null for no sample limit. With no steps, samples or epochs set, 2,000,000 rows (SAELens's default training_tokens).")]
    [Range(1d, long.MaxValue)]
    public long? Samples { get; set; }

    /// <summary>Rows per step. Default 4096 (SAELens train_batch_size_tokens).</summary>
    [Description("Rows per optimiser step.")]
    [Range(1, 1 << 24)]
    public int BatchSize { get; set; } = 4096;

    // ---- learning rate ----

    /// <summary>
    /// Peak learning rate. Default 1e-3 (SAELens: 3e-4): with the default normalisation it gave as good or better
    /// explained variance, lower L0 and fewer dead features on every data class measured (docs/defaults.md).
    /// </summary>
    [Description("Peak learning rate (default 1e-3; SAELens: 3e-4; see docs/defaults.md).")]
    [Range(0d, 10d, MinimumIsExclusive = true)]
    public double Lr { get; set; } = 1e-3;

    /// <summary>Linear warm-up from 0 to <see cref="Lr"/> over this many steps. Default 0.</summary>
    [Description("Steps of linear learning-rate warm-up from 0.")]
    [Range(0d, long.MaxValue)]
    public long LrWarmupSteps { get; set; }

    /// <summary>Shape after the warm-up. Default constant.</summary>
    [Description("Learning-rate shape after the warm-up: constant or cosine.")]
    public LrSchedule LrSchedule { get; set; } = LrSchedule.Constant;

    /// <summary>Final linear decay to 0 over the last this-many steps. Default 0 (none).</summary>
    [Description("Steps of linear decay to 0 at the end of training; 0 for none.")]
    [Range(0d, long.MaxValue)]
    public long LrDecaySteps { get; set; }

    /// <summary>Learning rate the cosine schedule ends at. Default null: <see cref="Lr"/> / 10 (SAELens).</summary>
    [Description("End learning rate of the cosine schedule; null for lr / 10.")]
    [Range(0d, 10d)]
    public double? LrEnd { get; set; }

    // ---- sparsity ----

    /// <summary>Weight of the sparsity loss term (lambda). Alias <c>l1_coefficient</c>. Default 1.0.</summary>
    [Description("Weight of the sparsity loss term (lambda). Alias: l1_coefficient.")]
    [ConfigAlias("l1_coefficient")]
    [Range(0d, double.MaxValue)]
    public double SparsityCoefficient { get; set; } = 1.0;

    /// <summary>Linear warm-up of the sparsity coefficient from 0. Alias <c>l1_warm_up_steps</c>. Default 0.</summary>
    [Description("Steps of linear sparsity-coefficient warm-up from 0. Alias: l1_warm_up_steps.")]
    [ConfigAlias("l1_warm_up_steps")]
    [Range(0d, long.MaxValue)]
    public long SparsityWarmupSteps { get; set; }

    /// <summary>
    /// Active features per row the run aims at (an L0, not a fraction of d_sae). Used only by the L0 warning, which
    /// appears when L0 is more than 2x off it after warm-up. Default null: no target; a penalty architecture is then
    /// warned about when L0 exceeds d_in / 2.
    /// </summary>
    [Description("Target L0 (active features per row) for the L0 warning (more than 2x off after warm-up). Null: none.")]
    [Range(1e-3, double.MaxValue)]
    public double? TargetL0 { get; set; }

    // ---- optimiser ----

    /// <summary>Optimiser. Default adam.</summary>
    [Description("Optimiser: adam, adamw or sgd.")]
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Adam/AdamW beta1. Default 0.9.</summary>
    [Description("Adam beta1 (first-moment decay).")]
    [Range(0d, 1d, MaximumIsExclusive = true)]
    public double AdamBeta1 { get; set; } = 0.9;

    /// <summary>Adam/AdamW beta2. Default 0.999.</summary>
    [Description("Adam beta2 (second-moment decay).")]
    [Range(0d, 1d, MaximumIsExclusive = true)]
    public double AdamBeta2 { get; set; } = 0.999;

    /// <summary>Adam/AdamW epsilon. Default 1e-8.</summary>
    [Description("Adam epsilon.")]
    [Range(0d, 1d, MinimumIsExclusive = true)]
    public double AdamEps { get; set; } = 1e-8;

    /// <summary>SGD momentum. Default 0.</summary>
    [Description("SGD momentum (sgd only).")]
    [Range(0d, 1d, MaximumIsExclusive = true)]
    public double Momentum { get; set; }

    /// <summary>Weight decay (L2 for adam/sgd, decoupled for adamw). Default 0.</summary>
    [Description("Weight decay: L2 for adam and sgd, decoupled for adamw.")]
    [Range(0d, 10d)]
    public double WeightDecay { get; set; }

    /// <summary>Gradient clipping by global L2 norm; 0 disables. Default 1.0 (SAELens always clips).</summary>
    [Description("Clip gradients to this global L2 norm; 0 disables.")]
    [Range(0d, double.MaxValue)]
    public double GradClip { get; set; } = 1.0;

    // ---- SAE handling owned by the runtime ----

    /// <summary>
    /// Input normalisation. Default expected_variance_only_in (SAELens: none): one constant that gives the rows unit
    /// variance per dimension, folded into the saved weights, so that the learning rate and the sparsity coefficient
    /// mean the same on any data (docs/defaults.md).
    /// </summary>
    [Description("Input normalisation: expected_variance_only_in (one constant giving the rows unit variance per dimension, folded at save; "
        + "SAELens has none: the default here, see docs/defaults.md), none, expected_average_only_in (one constant giving E||x|| = sqrt(d_in), "
        + "folded at save), constant_norm_rescale or layer_norm.")]
    public ActivationNormalization NormalizeActivations { get; set; } = ActivationNormalization.ExpectedVarianceOnlyIn;

    /// <summary>Training rows handed to the architecture for data-dependent init (b_dec = mean, ...). Default 4096.</summary>
    [Description("Training rows given to the architecture for data-dependent initialisation.")]
    [Range(0, 1 << 24)]
    public int InitSampleRows { get; set; } = 4096;

    // ---- data handling ----

    /// <summary>Fraction of rows held out for validation. Default 0.15 (a 0.70/0.15/0.15 split).</summary>
    [Description("Fraction of rows held out for validation (early stopping, evaluation).")]
    [Range(0d, 0.5d)]
    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>Fraction of rows held out for the final test evaluation. Default 0.15.</summary>
    [Description("Fraction of rows held out for the final test evaluation.")]
    [Range(0d, 0.5d)]
    public double TestFraction { get; set; } = 0.15;

    /// <summary>Shuffle training rows each epoch. Default true.</summary>
    [Description("Shuffle training rows each epoch.")]
    public bool Shuffle { get; set; } = true;

    /// <summary>Batches read ahead on a background thread (0 is treated as 1). Default 2.</summary>
    [Description("Batches read ahead on a background thread (0 is treated as 1).")]
    [Range(0, 64)]
    public int PrefetchBatches { get; set; } = 2;

    /// <summary>Use only the first this-many rows of the source (before the split). Default null: all rows.</summary>
    [Description("Use only the first this-many rows of the source (before splitting); null for all.")]
    [Range(1d, long.MaxValue)]
    public long? MaxRows { get; set; }

    /// <summary>Streaming reader for data larger than memory (auto, on, off). Default auto.</summary>
    [Description("Streaming (shuffle buffer over blocks, split by row ranges): auto (when the data exceeds data_memory_mb), on or off.")]
    public DataStreaming Streaming { get; set; } = DataStreaming.Auto;

    /// <summary>Memory for training data in MiB: larger data streams (auto), and the streaming buffers fit in it. Default 2048.</summary>
    [Description("MiB for training data: larger data streams (streaming: auto); the shuffle buffer and batches fit in it.")]
    [Range(0.001d, 1 << 30)]
    public double DataMemoryMb { get; set; } = 2048;

    /// <summary>Rows of the streaming shuffle buffer; null derives it from <see cref="DataMemoryMb"/>. Default null.</summary>
    [Description("Rows of the streaming shuffle buffer; null: as many as data_memory_mb allows.")]
    [Range(1, int.MaxValue)]
    public int? ShuffleBufferRows { get; set; }

    /// <summary>
    /// Compute threads of the tensor engine (and OpenBLAS) for training and <c>sae eval</c>; null uses every core
    /// the process may use. More than that is allowed with a warning. Results do not depend on it. Default null.
    /// </summary>
    [Description("Compute threads of the tensor engine; null for every core. Results do not depend on it.")]
    [Range(1, 4096)]
    public int? Threads { get; set; }

    /// <summary>
    /// Where the tensor engine computes: <c>cpu</c>; <c>simdevice</c> (the CPU kernels behind device memory that host code
    /// cannot address, every transfer counted: same results, slower; the check that training is accelerator-ready);
    /// <c>ilgpu-cpu</c> (the CUDA backend's kernels on ILGPU's CPU accelerator: the GPU code path anywhere, very slowly);
    /// <c>auto</c> (GPU 0 when one can be used, else the CPU, saying why once); <c>cuda</c> (GPU 0; an error naming what is
    /// missing when it cannot be used). Default cpu.
    /// </summary>
    [Description("Where the tensor engine computes: cpu; simdevice (CPU kernels behind simulated device memory, transfers counted; "
        + "same results); ilgpu-cpu (the CUDA kernels on ILGPU's CPU accelerator, slow); auto (GPU 0 when usable, else cpu, saying why); "
        + "cuda (GPU 0, or an error naming what is missing). docs/gpu.md.")]
    public EngineDeviceKind Device { get; set; } = EngineDeviceKind.Cpu;

    /// <summary>
    /// Operand precision of the GEMMs on a CUDA device: <c>fp32</c> (exact float32, the CPU's results within rounding),
    /// <c>tf32</c> (tensor-core TF32 operands, float32 accumulation) or <c>bf16</c> (bfloat16 operands, float32 accumulation).
    /// Ignored on the CPU. Default fp32.
    /// </summary>
    [Description("GEMM operand precision on a CUDA device: fp32 (exact), tf32 or bf16 (float32 accumulation either way). Ignored on the CPU.")]
    public GemmPrecisionKind GemmPrecision { get; set; } = GemmPrecisionKind.Fp32;

    // ---- cadence ----

    /// <summary>Steps between metric rows in the history. Default 10.</summary>
    [Description("Steps between logged metric rows.")]
    [Range(1, int.MaxValue)]
    public int LogEvery { get; set; } = 10;

    /// <summary>Steps between checkpoints; 0 saves only at the end (and on interruption). Default 0.</summary>
    [Description("Steps between checkpoints; 0 saves only at the end and on interruption.")]
    [Range(0d, long.MaxValue)]
    public long CheckpointEvery { get; set; }

    /// <summary>Checkpoints kept per run (the newest); 0 keeps all. Default 3.</summary>
    [Description("Checkpoints kept per run (the newest ones); 0 keeps all.")]
    [Range(0, int.MaxValue)]
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>Steps between validation passes; 0 evaluates only at the end. Default 0.</summary>
    [Description("Steps between validation passes; 0 evaluates only at the end.")]
    [Range(0d, long.MaxValue)]
    public long EvalEvery { get; set; }

    /// <summary>Early stopping: validation passes without improvement before stopping; 0 disables. Default 0.</summary>
    [Description("Validation passes without improvement before stopping early; 0 disables.")]
    [Range(0, int.MaxValue)]
    public int Patience { get; set; }

    /// <summary>Smallest decrease of the validation loss that counts as an improvement. Default 0.</summary>
    [Description("Smallest validation-loss decrease that counts as an improvement.")]
    [Range(0d, double.MaxValue)]
    public double MinDelta { get; set; }

    /// <summary>
    /// With early stopping (<see cref="Patience"/> above 0): keep a copy of the SAE (parameters and any architecture
    /// resume state) at the best validation pass, and when training ends (stopped early, or at the step budget) with a
    /// later validation pass worse than the best, save and evaluate the best copy instead of the last weights (Keras's
    /// restore_best_weights, Hugging Face's load_best_model_at_end). The run's checkpoints keep the weights as trained
    /// and also hold the best copy, so a resumed run restores the same weights. Default true.
    /// </summary>
    [Description("With early stopping: save and evaluate the weights of the best validation pass when a later pass was worse (always so after stopping early).")]
    public bool RestoreBestWeights { get; set; } = true;

    // ---- feature statistics ----

    /// <summary>
    /// The one dead-feature window W, in training steps, used by the <c>sparsity/dead_features</c> metric, AuxK
    /// (topk, batchtopk, matryoshka) and the dead-feature warning: a feature is dead once it has fired in none of
    /// the last W training steps (idle for W steps or more; SAELens counts it dead one step later, after more than W,
    /// so SAELens's W is W + 1 here). Default null: a tenth of the run's steps, at least 1 and at most SAELens's 1000,
    /// so that a short run still sees its dead features and its AuxK starts (a 600-step run gets 60; runs of 10,000
    /// steps or more get 1000, as in SAELens).
    /// </summary>
    [Description("Dead-feature window W in steps: a feature that fired in none of the last W training steps is dead (metric, AuxK, warnings). Null: a tenth of the run, at most 1000 (SAELens).")]
    [Range(1d, long.MaxValue)]
    public long? DeadFeatureWindow { get; set; }

    /// <summary>
    /// Steps per feature-density window: every window ends with <c>metrics/mean_log10_feature_sparsity</c>,
    /// <c>sparsity/below_1e-5</c>, <c>sparsity/below_1e-6</c> and a density histogram in the history. Default null:
    /// a fifth of the run's steps, at least 1 and at most SAELens's 2000 (its <c>feature_sampling_window</c>).
    /// </summary>
    [Description("Steps per feature-density window (log10 density, below_1e-5/1e-6, density histogram). Null: a fifth of the run, at most 2000 (SAELens).")]
    [Range(1d, long.MaxValue)]
    public long? FeatureSamplingWindow { get; set; }

    // ---- dead-feature remedies (an architecture declares which apply) ----

    /// <summary>
    /// Ghost grads (Jermyn and Templeton 2024): while training, the features dead over <see cref="DeadFeatureWindow"/>
    /// get an extra loss, <c>losses/ghost_grad_loss</c>: exp of their pre-activations through their decoder rows, rescaled
    /// per row to half the residual's norm, fits the residual x - x_hat, and the term is rescaled to the MSE term's value.
    /// Only for architectures that declare it (standard, gated, jumprelu, sparse_ae; top-k codes have AuxK). Default false
    /// (docs/dead_features.md has the measurements).
    /// </summary>
    [Description("Ghost grads on dead features: an extra loss (losses/ghost_grad_loss) through exp of their pre-activations fitting the residual. Not for the topk family (AuxK). See docs/dead_features.md.")]
    public bool GhostGrads { get; set; }

    /// <summary>
    /// Steps between resampling events (Bricken et al. 2023); 0 turns resampling off. After every this-many steps (not at
    /// the last), the features dead over <see cref="DeadFeatureWindow"/> are re-initialised towards input rows drawn with
    /// probability proportional to their squared reconstruction loss, and their optimiser state is reset; the history logs
    /// <c>sparsity/resampled</c>. Default 0 (docs/dead_features.md has the measurements).
    /// </summary>
    [Description("Steps between dead-feature resampling events (dead features re-initialised towards badly reconstructed inputs, Adam state reset); 0 for none. See docs/dead_features.md.")]
    [Range(0d, long.MaxValue)]
    public long ResampleEvery { get; set; }

    /// <summary>A resampled feature's encoder vector norm as a fraction of the alive features' mean encoder norm. Default 0.2 (Bricken et al.).</summary>
    [Description("Resampled encoder vector norm as a fraction of the mean alive encoder norm (Bricken et al.: 0.2).")]
    [Range(0d, 100d, MinimumIsExclusive = true)]
    public double ResampleEncoderScale { get; set; } = 0.2;

    /// <summary>
    /// Training rows scored at a resampling event (the next whole batches, which are then trained on as usual). Default
    /// null: twice d_sae, at most 65,536, at least one batch. At most this many dead features are resampled per event; the
    /// rows are held in memory until trained on (rows x d_in x 4 bytes).
    /// </summary>
    [Description("Rows scored per resampling event (the next training batches, held in memory until trained on as usual); null for 2 x d_sae up to 65,536, at least one batch.")]
    [Range(1, 1 << 26)]
    public int? ResampleRows { get; set; }

    /// <summary><see cref="DeadFeatureWindow"/> for a run of <paramref name="totalSteps"/> steps.</summary>
    public long ResolveDeadFeatureWindow(long totalSteps) => DeadFeatureWindow ?? FractionOfRun(totalSteps, 10, 1000);

    /// <summary><see cref="FeatureSamplingWindow"/> for a run of <paramref name="totalSteps"/> steps.</summary>
    public long ResolveFeatureSamplingWindow(long totalSteps) => FeatureSamplingWindow ?? FractionOfRun(totalSteps, 5, 2000);

    // ceil(total / parts), clamped to [1, cap].
    private static long FractionOfRun(long totalSteps, long parts, long cap) => Math.Clamp((totalSteps + parts - 1) / parts, 1, cap);


    /// <summary>
    /// The budget when no budget key is set: SAELens's default <c>training_tokens</c>, 2 M rows (488 steps at the
    /// default batch of 4,096). One epoch of a typical activation set (50,000-70,000 rows) is only 9-17 steps at
    /// that batch, far too few to train an SAE (EV below 0 on real activations; issue 24's measurement).
    /// </summary>
    public const long DefaultSamples = 2_000_000;

    /// <summary>Whether none of steps, samples and epochs is set (the default budget applies).</summary>
    public bool UsesDefaultBudget => Steps is null && Samples is null && Epochs is null;

    /// <summary>
    /// Planned optimiser steps for <paramref name="trainingRows"/> training rows: the smallest of
    /// <see cref="Steps"/>, ceil(<see cref="Samples"/> / batch) and <see cref="Epochs"/> x ceil(rows / batch);
    /// floor(<see cref="DefaultSamples"/> / batch) when none is set (SAELens's total_training_steps).
    /// </summary>
    public long ResolveTotalSteps(long trainingRows)
    {
        var stepsPerEpoch = Math.Max(1, (trainingRows + BatchSize - 1) / BatchSize);
        var total = long.MaxValue;
        if (Steps is { } steps) total = Math.Min(total, steps);
        if (Samples is { } samples) total = Math.Min(total, (samples + BatchSize - 1) / BatchSize);
        if (Epochs is { } epochs) total = Math.Min(total, epochs * stepsPerEpoch);
        return total == long.MaxValue ? Math.Max(1, DefaultSamples / BatchSize) : total;   // floor, as SAELens's total_training_steps
    }

    /// <summary>
    /// The budget in words for the start-up line: "600 steps = 2.46 M rows, 41.0 epochs of the training split",
    /// saying where it came from when it is the default.
    /// </summary>
    public string DescribeBudget(long totalSteps, long trainingRows)
    {
        double rows = (double)totalSteps * BatchSize;
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N0} steps of {1:N0} rows = {2} rows, {3:0.##} epochs of the {4:N0}-row training split",
            totalSteps, BatchSize, Rows(rows), trainingRows > 0 ? rows / trainingRows : 0, trainingRows);
        return UsesDefaultBudget ? text + " (default budget, SAELens's 2 M rows; set training.steps, samples or epochs to change it)" : text;
    }

    private static string Rows(double rows) => rows >= 1e6
        ? (rows / 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " M"
        : rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Budget problems that do not stop a run but spoil it: warm-ups longer than the run (the learning rate or the
    /// sparsity coefficient never reaches its value). Each names the keys that fix it.
    /// </summary>
    public IEnumerable<string> BudgetWarnings(long totalSteps)
    {
        if (LrWarmupSteps >= totalSteps && LrWarmupSteps > 0)
            yield return $"training.lr_warmup_steps ({LrWarmupSteps}) is not shorter than the run ({totalSteps} steps): the learning rate never reaches training.lr; lower lr_warmup_steps or raise training.steps.";
        if (SparsityWarmupSteps >= totalSteps && SparsityWarmupSteps > 0)
            yield return $"training.sparsity_warmup_steps ({SparsityWarmupSteps}) is not shorter than the run ({totalSteps} steps): "
                + "the sparsity coefficient never reaches its value; lower sparsity_warmup_steps or raise training.steps.";
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Steps is { } steps && LrWarmupSteps + LrDecaySteps > steps)
            yield return new ValidationResult(
                $"lr_warmup_steps + lr_decay_steps ({LrWarmupSteps} + {LrDecaySteps}) exceed steps ({steps})", [nameof(LrWarmupSteps)]);
        if (Patience > 0 && ValidationFraction <= 0)
            yield return new ValidationResult("early stopping needs a validation split: set validation_fraction above 0", [nameof(Patience)]);
        if (LrEnd is { } end && end > Lr)
            yield return new ValidationResult($"lr_end ({end}) is above lr ({Lr})", [nameof(LrEnd)]);
        if (Momentum > 0 && Optimizer != OptimizerKind.Sgd)
            yield return new ValidationResult("momentum applies to optimizer: sgd only (adam uses adam_beta1)", [nameof(Momentum)]);
    }
}
