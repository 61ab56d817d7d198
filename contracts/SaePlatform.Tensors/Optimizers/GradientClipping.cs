using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Optimizers;

/// <summary>Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_ with the L2 norm).</summary>
public static class GradientClipping
{
    /// <summary>The constant torch adds to the norm before dividing (clip_grad_norm_).</summary>
    public const float NormEpsilon = 1e-6f;

    /// <summary>
    /// Computes the L2 norm of all live gradients taken together (float64 accumulation; the result does
    /// not depend on the thread count) and, when coefficient = maxNorm / (norm + 1e-6) is below 1, multiplies
    /// every gradient by it, as torch.nn.utils.clip_grad_norm_ does. Parameters whose gradient is null, or
    /// zeroed by <see cref="Tensor.ZeroGrad"/> and not written since, are ignored. When the norm is NaN or
    /// infinite the gradients are left unchanged (torch would multiply them by NaN) and the norm is
    /// returned so the caller can skip the step.
    /// </summary>
    /// <param name="parameters">Parameters whose <see cref="Tensor.Grad"/> is clipped.</param>
    /// <param name="maxNorm">Largest allowed global norm; SAELens uses 1.0.</param>
    /// <returns>The global gradient norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static float ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be >= 0.");
        double norm = GlobalNorm(parameters);
        ClipToNorm(parameters, norm, maxNorm);
        return (float)norm;
    }

    /// <summary>The L2 norm of all live gradients taken together, accumulated in float64 (no clipping).</summary>
    /// <param name="parameters">Parameters whose gradients are measured.</param>
    public static double GlobalNorm(IReadOnlyList<Tensor> parameters)
    {
        using var bits = SquaredGlobalNorm(parameters);
        return Math.Sqrt(Float64Bits.Read(bits.ReadOnHost(), 0));
    }

    /// <summary>
    /// The squared global norm of the live gradients, left on the device as a float64 bit pair [2]
    /// (<see cref="Float64Bits"/>): for a trainer that reads it together with the step's other values and then calls
    /// <see cref="ClipToNorm"/>.
    /// </summary>
    /// <param name="parameters">Parameters whose gradients are measured.</param>
    public static Tensor SquaredGlobalNorm(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var live = new List<Tensor>(parameters.Count);
        foreach (var p in parameters)
            if (LiveGradient(p) is { } g) live.Add(g);
        var result = Tensor.Empty(2);
        TensorBackend.Current.SumOfSquaresF64(live, result);
        return result;
    }

    /// <summary>
    /// Scales the live gradients so that their global norm, known to be <paramref name="norm"/>, is at most
    /// <paramref name="maxNorm"/> (as <see cref="ClipByGlobalNorm"/> does after measuring it); a non-finite norm leaves
    /// them unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static void ClipToNorm(IReadOnlyList<Tensor> parameters, double norm, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be >= 0.");
        if (!double.IsFinite(norm)) return;
        double coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient >= 1) return;
        var backend = TensorBackend.Current;
        float factor = (float)coefficient;
        foreach (var p in parameters)
            if (LiveGradient(p) is { } g) backend.ScaleInPlace(g, factor);
    }

    private static Tensor? LiveGradient(Tensor p) => p.GradStale ? null : p.GradRaw;
}
