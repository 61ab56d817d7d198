using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Helpers for the <c>unit_norm</c> decoder policy (sparsify, dictionary_learning, OpenAI): before the
/// optimiser step remove the gradient component parallel to each decoder row, after it renormalise the
/// rows. Decoder weights are [d_sae, d_in]; row i is feature i's direction. Work is split over rows.
/// </summary>
public static class DecoderNorm
{
    /// <summary>
    /// For each row i of <paramref name="wDec"/>: grad_i -= (grad_i . w_i / ||w_i||^2) w_i, in place on
    /// <paramref name="wDec"/>'s gradient, so a step along it leaves each row's norm unchanged to first
    /// order. Dot products are accumulated in float64. Rows that are all zero are left alone. Does nothing
    /// when the tensor has no live gradient (null, or zeroed and not written since).
    /// </summary>
    /// <param name="wDec">A 2-D parameter, typically W_dec [d_sae, d_in].</param>
    /// <exception cref="ArgumentException"><paramref name="wDec"/> is not 2-D.</exception>
    public static void RemoveParallelGradient(Tensor wDec)
    {
        ArgumentNullException.ThrowIfNull(wDec);
        RequireMatrix(wDec);
        if (wDec.GradStale || wDec.GradRaw is not { } grad) return;
        TensorBackend.Current.RemoveParallelRowComponent(wDec, grad);
    }

    /// <summary>
    /// Rescales every row of <paramref name="w"/> to L2 norm <paramref name="norm"/> (in place). Rows that
    /// are all zero are left alone. Also the "rows to norm r" step of SAELens's decoder init (r = 0.1).
    /// </summary>
    /// <param name="w">A 2-D tensor.</param>
    /// <param name="norm">Target row norm; default 1.</param>
    /// <exception cref="ArgumentException"><paramref name="w"/> is not 2-D.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="norm"/> is negative or not finite.</exception>
    public static void NormalizeRows(Tensor w, float norm = 1f)
    {
        ArgumentNullException.ThrowIfNull(w);
        RequireMatrix(w);
        if (!(norm >= 0 && float.IsFinite(norm))) throw new ArgumentOutOfRangeException(nameof(norm), norm, "Row norm must be finite and >= 0.");
        TensorBackend.Current.NormalizeRowsInPlace(w, norm);
    }

    /// <summary>The L2 norm of each row of <paramref name="w"/> (float64 accumulation, rounded to float32).</summary>
    /// <param name="w">A 2-D tensor.</param>
    /// <returns>One norm per row.</returns>
    /// <exception cref="ArgumentException"><paramref name="w"/> is not 2-D.</exception>
    public static float[] RowNorms(Tensor w)
    {
        ArgumentNullException.ThrowIfNull(w);
        RequireMatrix(w);
        using var norms = Tensor.Empty(w.Rows);
        TensorBackend.Current.RowL2Norms(w, norms);
        return norms.ToArray();
    }

    private static void RequireMatrix(Tensor w)
    {
        if (w.Rank != 2) throw new ArgumentException($"Expected a 2-D [rows, cols] tensor, got {w.ShapeString}{(w.Name is null ? "" : " (" + w.Name + ")")}.", nameof(w));
    }
}
