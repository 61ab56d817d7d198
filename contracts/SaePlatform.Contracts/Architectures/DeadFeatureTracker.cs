using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// Training steps since each feature last fired (SAELens's n_forward_passes_since_fired). A feature is dead
/// once it has fired in none of the last <c>window</c> training steps (the run's one window,
/// <see cref="SaeInitContext.DeadFeatureWindow"/>, the same test as the runtime's
/// dead-feature metric); the mask is read before the step's batch is observed. Architectures with a dead-feature
/// loss (AuxK, JumpReLU's pre-activation loss) keep one and export its counters for resuming.
/// </summary>
/// <param name="featureCount">d_sae.</param>
/// <param name="window">Idle training steps after which a feature is dead (at least 1).</param>
public sealed class DeadFeatureTracker(int featureCount, long window)
{
    private readonly long[] _stepsSinceFired = new long[featureCount];
    private readonly bool[] _dead = new bool[featureCount];

    /// <summary>Dead flags as of the last observed step, and how many are set.</summary>
    public ReadOnlySpan<bool> Dead(out int count)
    {
        count = 0;
        for (int i = 0; i < _dead.Length; i++)
        {
            _dead[i] = _stepsSinceFired[i] >= window;
            if (_dead[i]) count++;
        }
        return _dead;
    }

    /// <summary>Counts one step: features with a non-zero activation in <paramref name="codes"/> restart at 0.</summary>
    public void Observe(SparseRows codes)
    {
        for (int i = 0; i < _stepsSinceFired.Length; i++) _stepsSinceFired[i]++;
        var values = codes.Values.Span;
        for (int e = 0; e < codes.NonZeros; e++)
            if (values[e] != 0) _stepsSinceFired[codes.Indices[e]] = 0;
    }

    /// <summary>Counts one step: features with a non-zero activation in any row of dense <paramref name="features"/> [rows, d_sae] restart at 0.</summary>
    public void Observe(Tensor features)
    {
        for (int i = 0; i < _stepsSinceFired.Length; i++) _stepsSinceFired[i]++;
        var values = features.Span;
        int n = _stepsSinceFired.Length;
        for (int e = 0; e < values.Length; e++)
            if (values[e] != 0) _stepsSinceFired[e % n] = 0;
    }

    /// <summary>The counters, for checkpoints (exact as float64).</summary>
    public double[] Export()
    {
        var copy = new double[_stepsSinceFired.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = _stepsSinceFired[i];
        return copy;
    }

    /// <summary>Restores counters written by <see cref="Export"/>.</summary>
    /// <exception cref="InvalidDataException">The length differs from d_sae.</exception>
    public void Import(double[] counters)
    {
        if (counters.Length != _stepsSinceFired.Length)
            throw new InvalidDataException($"steps_since_fired has {counters.Length} entries, this SAE has {_stepsSinceFired.Length} features.");
        for (int i = 0; i < counters.Length; i++) _stepsSinceFired[i] = (long)counters[i];
    }

    /// <summary>Checkpoint entry name of the counters.</summary>
    public const string StateName = "steps_since_fired";

    /// <summary>Reads the counters from a checkpoint's resume state.</summary>
    /// <exception cref="InvalidDataException">The entry is missing or has the wrong length.</exception>
    public void Import(IReadOnlyDictionary<string, double[]> state) =>
        Import(state.TryGetValue(StateName, out var counters) ? counters
            : throw new InvalidDataException($"the checkpoint has no '{StateName}' entry for this architecture's dead-feature counters."));
}
