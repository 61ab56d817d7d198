using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// Training steps since each feature last fired (SAELens's n_forward_passes_since_fired). A feature is dead
/// once it has not fired for <c>window</c> steps; the mask is read before the step's batch is observed.
/// </summary>
internal sealed class DeadFeatureTracker(int featureCount, int window)
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
}
