using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Host.Training.Metrics;

/// <summary>
/// Per-feature firing bookkeeping (SAE_REFERENCE.md "Metrics"): steps since each feature last fired (dead = not
/// fired within the window), and firing counts over the current feature-sampling window (density metrics).
/// </summary>
/// <remarks>
/// On the hot path every step. The batch's per-feature counts come from an operation on the engine's device (dense:
/// column-wise SIMD compares on the CPU; sparse CSR codes: O(non-zeros)); the bookkeeping over them is host work on
/// d_sae counters.
/// A value fires when it is not exactly 0 (NaN counts as firing, as in SAELens's <c>&gt; 0</c> on ReLU outputs
/// it cannot occur).
/// </remarks>
internal sealed class FeatureActivity
{
    private readonly long[] _lastFired;
    private readonly long[] _windowCounts;
    private readonly int[] _batchCounts;
    private readonly bool[] _deadMask;
    private long _windowRows;

    public FeatureActivity(int featureCount)
    {
        _lastFired = new long[featureCount];
        _windowCounts = new long[featureCount];
        _batchCounts = new int[featureCount];
        _deadMask = new bool[featureCount];
    }

    public int FeatureCount => _lastFired.Length;

    /// <summary>Counts one batch of step <paramref name="step"/>; returns the mean number of non-zero features per row (L0).</summary>
    public double Observe(Tensor? dense, SparseRows? sparse, long step)
    {
        using var scope = TensorScope.Begin();
        var counts = Counts(dense, sparse, out int rows);
        return Observe(counts.ReadOnHost(), rows, step);
    }

    /// <summary>
    /// The batch's per-feature firing counts [d_sae], computed where the activations live
    /// (<see cref="Ops.NonZeroCounts(Tensor)"/>), so that a device reads back d_sae counts rather than the activations.
    /// </summary>
    /// <exception cref="ArgumentException">Neither form is given, or the width is not d_sae.</exception>
    public Tensor Counts(Tensor? dense, SparseRows? sparse, out int rows)
    {
        if (sparse is not null)
        {
            rows = sparse.Rows;
            if (sparse.Cols != _batchCounts.Length)
                throw new ArgumentException($"Sparse feature activations have {sparse.Cols} columns, expected d_sae = {_batchCounts.Length}.");
            return Ops.NonZeroCounts(sparse);
        }
        var d = dense ?? throw new ArgumentException("Neither dense nor sparse features were given.");
        rows = d.Rows;
        if (d.Cols != _batchCounts.Length)
            throw new ArgumentException($"Feature activations have {d.Cols} columns, expected d_sae = {_batchCounts.Length}.");
        return Ops.NonZeroCounts(d);
    }

    /// <summary>Counts one batch of <paramref name="rows"/> rows given its per-feature counts (from <see cref="Counts"/>); returns L0.</summary>
    public double Observe(ReadOnlySpan<float> counts, int rows, long step)
    {
        if (counts.Length != _batchCounts.Length)
            throw new ArgumentException($"{counts.Length} feature counts, expected d_sae = {_batchCounts.Length}.");
        for (int f = 0; f < counts.Length; f++) _batchCounts[f] = (int)counts[f];

        long nonZeros = 0;
        long fired = step + 1;
        for (int f = 0; f < _batchCounts.Length; f++)
        {
            int c = _batchCounts[f];
            if (c == 0) continue;
            nonZeros += c;
            _windowCounts[f] += c;
            _lastFired[f] = fired;
        }
        _windowRows += rows;
        return rows == 0 ? 0 : (double)nonZeros / rows;
    }

    /// <summary>
    /// Dead features as of <paramref name="step"/> (zero-based, just observed): those that fired in none of the last
    /// min(<paramref name="window"/>, step + 1) training steps, so "not fired in the window or since the start,
    /// whichever is shorter" (training.dead_feature_window; AuxK's mask uses the same test with the full window).
    /// </summary>
    public int DeadCount(long step, long window)
    {
        long idleSteps = Math.Min(window, step + 1);
        int dead = 0;
        foreach (var last in _lastFired)
            if (step + 1 - last >= idleSteps) dead++;
        return dead;
    }

    /// <summary>
    /// The read-only view an architecture gets in <see cref="TrainingStep.DeadFeatures"/>, after
    /// <paramref name="stepsObserved"/> training steps have been counted, with the run's full dead-feature window.
    /// </summary>
    public IDeadFeatures DeadFeatures(long stepsObserved, long window) => new DeadFeatureView(_lastFired, _deadMask, stepsObserved, window);

    /// <summary>
    /// Counts <paramref name="features"/> as fired in the last of <paramref name="stepsObserved"/> steps (after a
    /// resampling event), so that each gets a full dead-feature window before it can count as dead again. The
    /// density-window counts are left as they are.
    /// </summary>
    public void Revive(ReadOnlySpan<int> features, long stepsObserved)
    {
        foreach (int f in features) _lastFired[f] = stepsObserved;
    }

    /// <summary>Mean over features of the steps since each last fired.</summary>
    public double MeanStepsSinceFired(long step)
    {
        double sum = 0;
        foreach (var last in _lastFired) sum += step + 1 - last;
        return sum / _lastFired.Length;
    }

    /// <summary>log10 of each feature's firing frequency in the window (+1e-10, as SAELens).</summary>
    public float[] Log10Density()
    {
        var result = new float[_windowCounts.Length];
        for (int f = 0; f < result.Length; f++)
            result[f] = (float)Math.Log10(Frequency(f) + 1e-10);
        return result;
    }

    /// <summary>
    /// SAELens's per-window sparsity metrics (its <c>_build_sparsity_log_dict</c>) over the current window:
    /// <c>metrics/mean_log10_feature_sparsity</c>, <c>sparsity/below_1e-5</c>, <c>sparsity/below_1e-6</c> (features
    /// whose firing frequency is below 1e-5 / 1e-6, never-fired ones included), plus the feature-density histogram
    /// (<see cref="DensityHistogramBins"/>: features per firing-frequency decade) for figures.
    /// </summary>
    public void AddWindowMetrics(IDictionary<string, double> values)
    {
        double log10Sum = 0;
        int below5 = 0, below6 = 0;
        var bins = new int[DensityHistogramBins.Length];
        for (int f = 0; f < _windowCounts.Length; f++)
        {
            double frequency = Frequency(f);
            log10Sum += Math.Log10(frequency + 1e-10);
            if (frequency < 1e-5) below5++;
            if (frequency < 1e-6) below6++;
            bins[DensityBin(frequency)]++;
        }
        values[MetricNames.MeanLog10FeatureSparsity] = log10Sum / _windowCounts.Length;
        values[MetricNames.FeaturesBelow1e5] = below5;
        values[MetricNames.FeaturesBelow1e6] = below6;
        for (int b = 0; b < bins.Length; b++) values[DensityHistogramBins[b].Name] = bins[b];
    }

    /// <summary>
    /// The history columns of the feature-density histogram, each the number of features whose firing frequency in
    /// the window lies in [Lower, Upper): never fired, then decades from below 1e-6 up to 1.
    /// </summary>
    public static readonly (string Name, double Lower, double Upper)[] DensityHistogramBins =
    [
        (MetricNames.DensityHistogramPrefix + "zero", 0, double.Epsilon),
        (MetricNames.DensityHistogramPrefix + "below_1e-6", double.Epsilon, 1e-6),
        (MetricNames.DensityHistogramPrefix + "1e-6_to_1e-5", 1e-6, 1e-5),
        (MetricNames.DensityHistogramPrefix + "1e-5_to_1e-4", 1e-5, 1e-4),
        (MetricNames.DensityHistogramPrefix + "1e-4_to_1e-3", 1e-4, 1e-3),
        (MetricNames.DensityHistogramPrefix + "1e-3_to_1e-2", 1e-3, 1e-2),
        (MetricNames.DensityHistogramPrefix + "1e-2_to_1e-1", 1e-2, 1e-1),
        (MetricNames.DensityHistogramPrefix + "1e-1_to_1", 1e-1, double.PositiveInfinity),
    ];

    private static int DensityBin(double frequency)
    {
        for (int b = 0; b < DensityHistogramBins.Length - 1; b++)
            if (frequency < DensityHistogramBins[b].Upper) return b;
        return DensityHistogramBins.Length - 1;
    }

    private double Frequency(int feature) => _windowRows == 0 ? 0 : (double)_windowCounts[feature] / _windowRows;

    /// <summary>Starts a new feature-density window.</summary>
    public void ResetWindow()
    {
        Array.Clear(_windowCounts);
        _windowRows = 0;
    }

    /// <summary>The state a checkpoint needs to continue bit-identically.</summary>
    public FeatureActivityState Export() => new((long[])_lastFired.Clone(), (long[])_windowCounts.Clone(), _windowRows);

    /// <summary>Restores <see cref="Export"/>'s state.</summary>
    /// <exception cref="InvalidDataException">The arrays do not have d_sae entries.</exception>
    public void Import(FeatureActivityState state)
    {
        if (state.LastFired.Length != _lastFired.Length || state.WindowCounts.Length != _windowCounts.Length)
            throw new InvalidDataException($"Checkpoint feature activity has {state.LastFired.Length} features, this SAE has {_lastFired.Length}.");
        state.LastFired.CopyTo(_lastFired, 0);
        state.WindowCounts.CopyTo(_windowCounts, 0);
        _windowRows = state.WindowRows;
    }
}

/// <summary>Checkpointed <see cref="FeatureActivity"/>: last step each feature fired, window counts and window rows.</summary>
internal sealed record FeatureActivityState(long[] LastFired, long[] WindowCounts, long WindowRows);
