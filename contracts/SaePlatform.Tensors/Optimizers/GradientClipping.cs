using SaePlatform.Tensors.Backends;

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
        if (!double.IsFinite(norm)) return (float)norm;
        double coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient < 1)
        {
            var backend = TensorBackend.Current;
            float factor = (float)coefficient;
            foreach (var p in parameters)
                if (LiveGradient(p) is { } g) backend.ScaleInPlace(g, factor);
        }
        return (float)norm;
    }

    /// <summary>The L2 norm of all live gradients taken together, accumulated in float64 (no clipping).</summary>
    /// <param name="parameters">Parameters whose gradients are measured.</param>
    public static double GlobalNorm(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var backend = TensorBackend.Current;
        double sumOfSquares = 0;
        foreach (var p in parameters)
            if (LiveGradient(p) is { } g) sumOfSquares += backend.SumOfSquaresF64(g);
        return Math.Sqrt(sumOfSquares);
    }

    private static Tensor? LiveGradient(Tensor p) => p.GradStale ? null : p.GradRaw;
}
