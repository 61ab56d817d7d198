using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Remedies;

/// <summary>
/// Neuron resampling (Bricken et al. 2023, "Towards Monosemanticity"; dictionary_learning's form), every
/// <c>training.resample_every</c> steps: the features dead over the dead-feature window are re-initialised towards
/// input rows the SAE reconstructs badly, and their optimiser state is reset.
/// </summary>
/// <remarks>
/// An event scores the next training batches (<see cref="LookaheadBatches.Peek"/>; they are then trained on as usual):
/// each row's loss is its squared reconstruction error ||x - x_hat||^2, and rows are drawn without replacement with
/// probability proportional to the square of it (<see cref="LossWeightedRows"/>), one per dead feature, in ascending
/// feature order, from a random stream fixed by the run's seed and the step. The architecture sets the weights
/// (<see cref="IDeadFeatureRemedies.ResampleFeatures"/>); every per-feature tensor the optimiser updates has those
/// features' state zeroed; the dead-feature counters count them as just fired, so each gets a full window before it
/// can count as dead again. Everything it changes is in a checkpoint, so a resumed run stays byte-identical.
/// </remarks>
internal sealed class Resampler(ResamplerSettings settings, ISaeArchitecture sae, IOptimizer optimizer, FeatureActivity activity)
{
    private readonly IDeadFeatureRemedies _hooks = sae as IDeadFeatureRemedies
        ?? throw new ArgumentException($"{sae.GetType().Name} does not implement IDeadFeatureRemedies.", nameof(sae));

    /// <summary>The settings of <paramref name="job"/>.</summary>
    public Resampler(TrainingJob job, IOptimizer optimizer, FeatureActivity activity)
        : this(new ResamplerSettings(job.Settings.ResampleEvery, job.Settings.ResampleRows, job.Settings.ResampleEncoderScale, job.Settings.BatchSize,
            job.Data.Width, job.Seed, job.DeadFeatureWindow, job.TotalSteps), job.Sae, optimizer, activity)
    {
    }

    /// <summary>Rows scored per event when training.resample_rows is not set: 2 x d_sae, at most this many.</summary>
    public const int MaxDefaultRows = 65_536;

    /// <summary>
    /// Batches scored per event: training.resample_rows rows, or 2 x d_sae up to <see cref="MaxDefaultRows"/>, in whole
    /// batches, at least one. They are held in memory (rows x d_in x 4 bytes) until trained on.
    /// </summary>
    public int Batches
    {
        get
        {
            int batch = settings.BatchSize;
            long rows = settings.Rows ?? Math.Min(2L * sae.Description.FeatureCount, MaxDefaultRows);
            return (int)Math.Max(1, (rows + batch - 1) / batch);
        }
    }

    /// <summary>Whether an event follows step <paramref name="step"/> (zero-based): every resample_every steps, never after the last.</summary>
    public bool Due(long step) => settings.Every > 0 && (step + 1) % settings.Every == 0 && step + 1 < settings.TotalSteps;

    /// <summary>
    /// The event after step <paramref name="step"/>: resamples the dead features (as many as rows with a non-zero loss)
    /// and returns the event's record. <paramref name="peek"/> gives the next n training batches without consuming them.
    /// </summary>
    public ResamplingEvent Run(long step, Func<int, IReadOnlyList<float[]>> peek)
    {
        ArgumentNullException.ThrowIfNull(peek);
        var deadView = activity.DeadFeatures(step + 1, settings.DeadWindow);
        var mask = deadView.Mask(out int deadCount);
        var dead = mask.ToArray();
        if (deadCount == 0) return new ResamplingEvent(step, 0, 0, 0);

        int width = settings.Width, batchSize = settings.BatchSize;
        var pool = peek(Batches);
        var losses = RowLosses(pool, batchSize, width);
        var random = Random(settings.Seed, step);
        var weights = new double[losses.Length];
        for (int b = 0; b < losses.Length; b++) weights[b] = losses[b] * losses[b];
        var rows = LossWeightedRows.Draw(weights, deadCount, random);

        var features = new int[rows.Length];
        for (int f = 0, k = 0; f < dead.Length && k < features.Length; f++)
            if (dead[f]) features[k++] = f;
        if (features.Length > 0)
        {
            var inputs = Tensor.Wrap(new float[features.Length * width], features.Length, width);
            var target = inputs.Span;
            for (int k = 0; k < rows.Length; k++)
                pool[rows[k] / batchSize].AsSpan(rows[k] % batchSize * width, width).CopyTo(target.Slice(k * width, width));
            _hooks.ResampleFeatures(new FeatureResampling(features, inputs, dead, settings.EncoderScale));
            var trained = optimizer.Parameters.ToHashSet();
            foreach (var (tensor, axis) in _hooks.FeatureParameters)
                if (trained.Contains(tensor)) optimizer.ResetState(tensor, axis, features);
            activity.Revive(features, step + 1);
        }
        return new ResamplingEvent(step, deadCount, features.Length, losses.Length);
    }

    /// <summary>The random stream of the event after step <paramref name="step"/>: fixed by the run's seed and the step.</summary>
    public static SaeRandom Random(int seed, long step) => new SaeRandom((ulong)seed).Derive("resample").Fork((ulong)step);

    // ||x - x_hat||^2 per row of the pool (float64 sums), under no-grad.
    private double[] RowLosses(IReadOnlyList<float[]> pool, int batchSize, int width)
    {
        var losses = new double[pool.Count * batchSize];
        using var noGrad = GradMode.Disable();
        for (int p = 0; p < pool.Count; p++)
        {
            using var scope = TensorScope.Begin();
            var x = Tensor.Input(pool[p], batchSize, width);
            var reconstruction = sae.Decode(sae.Encode(x)).ReadOnHost();
            var input = pool[p].AsSpan();
            for (int b = 0; b < batchSize; b++)
            {
                double sum = 0;
                for (int j = b * width; j < (b + 1) * width; j++)
                {
                    double d = (double)input[j] - reconstruction[j];
                    sum += d * d;
                }
                losses[p * batchSize + b] = sum;
            }
        }
        return losses;
    }
}

/// <summary>What a <see cref="Resampler"/> needs of the run: training.resample_every, resample_rows and resample_encoder_scale, the batch, d_in, seed, dead-feature window and steps.</summary>
internal sealed record ResamplerSettings(long Every, int? Rows, double EncoderScale, int BatchSize, int Width, int Seed, long DeadWindow, long TotalSteps);

/// <summary>One resampling event: after step <paramref name="Step"/>, <paramref name="Resampled"/> of <paramref name="Dead"/> dead features, <paramref name="ScoredRows"/> rows scored.</summary>
internal readonly record struct ResamplingEvent(long Step, int Dead, int Resampled, int ScoredRows);
