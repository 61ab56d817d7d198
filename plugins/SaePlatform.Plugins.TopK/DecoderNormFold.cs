using SaePlatform.Tensors;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// Folds the decoder row norms n_i = ||W_dec,i|| into the encoder (SAELens's <c>_fold_norm_topk</c>, applied by
/// its topk trainer at save): W_enc[:, i] * n_i, b_enc[i] * n_i, W_dec,i / n_i. A zero row is left as it is.
/// </summary>
internal static class DecoderNormFold
{
    /// <summary>A copy of <paramref name="state"/> with W_enc, b_enc and W_dec folded; other tensors are shared.</summary>
    public static IReadOnlyDictionary<string, Tensor> Apply(IReadOnlyDictionary<string, Tensor> state)
    {
        var wEnc = state["W_enc"];
        var bEnc = state["b_enc"];
        var wDec = state["W_dec"];
        int dIn = wDec.Cols, dSae = wDec.Rows;
        var norms = new double[dSae];
        var dec = wDec.ReadOnHost();
        for (int i = 0; i < dSae; i++)
        {
            double s = 0;
            foreach (var v in dec.Slice(i * dIn, dIn)) s += (double)v * v;
            norms[i] = Math.Sqrt(s);
        }

        // For saving: host tensors.
        var foldedEnc = Tensor.Wrap(new float[dIn * dSae], dIn, dSae);
        var foldedBias = Tensor.Wrap(new float[dSae], dSae);
        var foldedDec = Tensor.Wrap(new float[dSae * dIn], dSae, dIn);
        var enc = wEnc.ReadOnHost();
        var encOut = foldedEnc.Span;
        for (int j = 0; j < dIn; j++)
            for (int i = 0; i < dSae; i++)
                encOut[j * dSae + i] = norms[i] > 0 ? (float)(enc[j * dSae + i] * norms[i]) : enc[j * dSae + i];
        var bias = bEnc.ReadOnHost();
        var biasOut = foldedBias.Span;
        var decOut = foldedDec.Span;
        for (int i = 0; i < dSae; i++)
        {
            biasOut[i] = norms[i] > 0 ? (float)(bias[i] * norms[i]) : bias[i];
            for (int j = 0; j < dIn; j++)
                decOut[i * dIn + j] = norms[i] > 0 ? (float)(dec[i * dIn + j] / norms[i]) : dec[i * dIn + j];
        }

        return new Dictionary<string, Tensor>(state, StringComparer.Ordinal)
        {
            ["W_enc"] = Named(foldedEnc, "W_enc"),
            ["b_enc"] = Named(foldedBias, "b_enc"),
            ["W_dec"] = Named(foldedDec, "W_dec"),
        };
    }

    private static Tensor Named(Tensor t, string name)
    {
        t.Name = name;
        return t;
    }
}
