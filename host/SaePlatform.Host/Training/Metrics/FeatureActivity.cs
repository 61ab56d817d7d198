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
/// column-wise SIMD compares on the CPU; sparse CSR codes: O(non-zeros)). The trainer keeps the counters there too
/// (<see cref="ObserveOnDevice"/>): each step updates them with a few d_sae-wide operations and hands back four scalars
/// for the step's one read, so no d_sae-sized array crosses to the host per step; the host copies are refreshed only
/// when host code needs them (window metrics, checkpoints, resampling). The counters are float32 there, exact below
/// 2^24 steps and 2^24 firings per feature per density window. Tests and the validation pass use the host methods alone.
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

    // The device copies (created on first device use): steps + 1 of each feature's last firing (0: never), window counts,
    // and a [d_sae] buffer filled with the step number. Which side is newer: the host (_deviceStale) or the device.
    private Tensor? _deviceLastFired, _deviceWindow, _stepFill;
    private bool _deviceStale = true, _lastFiredHostStale, _windowHostStale;
    // What the last step's read brought back: the dead count for the next forward (its steps observed and window), and
    // the logged dead count and mean steps since firing of that step.
    private (long Steps, long Window, int Count) _knownDead = (-1, -1, 0);
    private (long Step, long Window, int Dead, double MeanSinceFired) _logged = (-1, -1, 0, 0);

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
        HostChanging();
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
        if (_logged.Step == step && _logged.Window == window) return _logged.Dead;
        SyncHost();
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
    public IDeadFeatures DeadFeatures(long stepsObserved, long window) =>
        _deviceLastFired is null ? new DeadFeatureView(_lastFired, _deadMask, stepsObserved, window) : new DeviceDeadFeatures(this, stepsObserved, window);

    /// <summary>
    /// Counts <paramref name="features"/> as fired in the last of <paramref name="stepsObserved"/> steps (after a
    /// resampling event), so that each gets a full dead-feature window before it can count as dead again. The
    /// density-window counts are left as they are.
    /// </summary>
    public void Revive(ReadOnlySpan<int> features, long stepsObserved)
    {
        HostChanging();
        foreach (int f in features) _lastFired[f] = stepsObserved;
    }

    /// <summary>Mean over features of the steps since each last fired.</summary>
    public double MeanStepsSinceFired(long step)
    {
        if (_logged.Step == step) return _logged.MeanSinceFired;
        SyncHost();
        double sum = 0;
        foreach (var last in _lastFired) sum += step + 1 - last;
        return sum / _lastFired.Length;
    }

    /// <summary>log10 of each feature's firing frequency in the window (+1e-10, as SAELens).</summary>
    public float[] Log10Density()
    {
        SyncHost();
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
        SyncHost();
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
        if (_deviceWindow is null) return;
        _deviceWindow.Fill(0f);
        _windowHostStale = false;
    }

    /// <summary>The state a checkpoint needs to continue bit-identically.</summary>
    public FeatureActivityState Export()
    {
        SyncHost();
        return new((long[])_lastFired.Clone(), (long[])_windowCounts.Clone(), _windowRows);
    }

    /// <summary>Restores <see cref="Export"/>'s state.</summary>
    /// <exception cref="InvalidDataException">The arrays do not have d_sae entries.</exception>
    public void Import(FeatureActivityState state)
    {
        if (state.LastFired.Length != _lastFired.Length || state.WindowCounts.Length != _windowCounts.Length)
            throw new InvalidDataException($"Checkpoint feature activity has {state.LastFired.Length} features, this SAE has {_lastFired.Length}.");
        state.LastFired.CopyTo(_lastFired, 0);
        state.WindowCounts.CopyTo(_windowCounts, 0);
        _windowRows = state.WindowRows;
        _deviceStale = true;
        _lastFiredHostStale = _windowHostStale = false;
        _knownDead = (-1, -1, 0);
        _logged = (-1, -1, 0, 0);
    }

    /// <summary>
    /// Queues this step's update of the counters on the engine's device for the batch's per-feature firing counts
    /// <paramref name="counts"/> (from <see cref="Counts"/>), and returns four scalars for the step's one read (pass them to
    /// <see cref="CompleteDeviceStep"/>): the batch's non-zeros, the dead count the next forward pass will see (the full
    /// <paramref name="deadWindow"/>), the dead count as logged (<see cref="DeadCount"/>'s test) and the sum of the
    /// last-fired steps (for <see cref="MeanStepsSinceFired"/>).
    /// </summary>
    public Tensor ObserveOnDevice(Tensor counts, long step, long deadWindow)
    {
        if (counts.Length != FeatureCount) throw new ArgumentException($"{counts.Length} feature counts, expected d_sae = {FeatureCount}.");
        EnsureDevice();
        _stepFill!.Fill(step + 1);
        _deviceLastFired!.CopyFrom(Ops.Where(counts, _stepFill, _deviceLastFired));
        _deviceWindow!.CopyFrom(Ops.Add(_deviceWindow, counts));
        _lastFiredHostStale = _windowHostStale = true;
        var deadNext = Ops.Sum(DeadFlags(step + 1, deadWindow));
        // The logged count's window is the same once a full dead-feature window has passed.
        var deadLogged = step + 1 >= deadWindow ? deadNext : Ops.Sum(DeadFlags(step + 1, step + 1));
        return Ops.StackScalars([Ops.Sum(counts), deadNext, deadLogged, Ops.Sum(_deviceLastFired)]);
    }

    /// <summary>Takes the scalars of <see cref="ObserveOnDevice"/> back from the step's read; returns L0.</summary>
    public double CompleteDeviceStep(ReadOnlySpan<float> scalars, int rows, long step, long deadWindow)
    {
        _windowRows += rows;
        _knownDead = (step + 1, deadWindow, (int)scalars[1]);
        // The sum of steps since firing, (step + 1) d_sae - sum(last), is an exact integer, divided once as the host does.
        _logged = (step, deadWindow, (int)scalars[2], ((step + 1) * (double)FeatureCount - scalars[3]) / FeatureCount);
        return rows == 0 ? 0 : scalars[0] / (double)rows;
    }

    /// <summary>
    /// Dead flags [d_sae] on the device (1 when the feature has not fired in the last <paramref name="window"/> of
    /// <paramref name="stepsObserved"/> steps): 1 - clamp(last - (steps - window), 0, 1), exact on integer-valued floats.
    /// </summary>
    private Tensor DeadFlags(long stepsObserved, long window)
    {
        EnsureDevice();
        var above = Ops.Clamp(Ops.AddScalar(_deviceLastFired!, -(float)(stepsObserved - window)), 0f, 1f);
        return Ops.AddScalar(Ops.Neg(above), 1f);
    }

    private void EnsureDevice()
    {
        if (_deviceLastFired is null)
        {
            _deviceLastFired = Tensor.Persistent(FeatureCount);
            _deviceWindow = Tensor.Persistent(FeatureCount);
            _stepFill = Tensor.Persistent(FeatureCount);
            _deviceStale = true;
        }
        if (!_deviceStale) return;
        _deviceLastFired.CopyFrom(Array.ConvertAll(_lastFired, v => (float)v));
        _deviceWindow!.CopyFrom(Array.ConvertAll(_windowCounts, v => (float)v));
        _deviceStale = false;
    }

    // Before host code changes the counters: the host arrays brought up to date, the device marked older, and what the
    // last read said about dead features forgotten (a revived feature is no longer dead).
    private void HostChanging()
    {
        SyncHost();
        _deviceStale = true;
        _knownDead = (-1, -1, 0);
        _logged = (-1, -1, 0, 0);
    }

    // Brings the host arrays up to date with the device counters (a download of what changed since the last one).
    private void SyncHost()
    {
        if (_lastFiredHostStale)
        {
            var values = _deviceLastFired!.ToArray();
            for (int f = 0; f < values.Length; f++) _lastFired[f] = (long)values[f];
            _lastFiredHostStale = false;
        }
        if (_windowHostStale)
        {
            var values = _deviceWindow!.ToArray();
            for (int f = 0; f < values.Length; f++) _windowCounts[f] = (long)values[f];
            _windowHostStale = false;
        }
    }

    /// <summary>
    /// The device form of <see cref="DeadFeatureView"/>: the count from the last step's read (or one read when asked for
    /// another window), the mask and the indices computed on the device, the host forms through a synchronised copy.
    /// </summary>
    private sealed class DeviceDeadFeatures(FeatureActivity owner, long stepsObserved, long window) : IDeadFeatures
    {
        private int? _count;

        public int Count => _count ??= owner._knownDead.Steps == stepsObserved && owner._knownDead.Window == window
            ? owner._knownDead.Count
            : (int)Ops.Sum(owner.DeadFlags(stepsObserved, window)).ToScalar();

        public Tensor MaskTensor() => owner.DeadFlags(stepsObserved, window);

        public IndexTensor Indices() => Ops.PositiveIndices(MaskTensor(), Count);

        public long StepsSinceFired(int feature) => HostView().StepsSinceFired(feature);

        public ReadOnlySpan<bool> Mask(out int count) => HostView().Mask(out count);

        private DeadFeatureView HostView()
        {
            owner.SyncHost();
            return new DeadFeatureView(owner._lastFired, owner._deadMask, stepsObserved, window);
        }
    }
}

/// <summary>Checkpointed <see cref="FeatureActivity"/>: last step each feature fired, window counts and window rows.</summary>
internal sealed record FeatureActivityState(long[] LastFired, long[] WindowCounts, long WindowRows);
