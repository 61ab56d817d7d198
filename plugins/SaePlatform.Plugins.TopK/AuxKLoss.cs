using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// AuxK (Gao et al. 2024; SAE_REFERENCE.md "topk"): the dead features' top-k_aux pre-activations a
/// reconstruct the detached residual e = x - x_hat:
/// AuxK = alpha * scale * mean_b || a W_dec (+ b_dec) - e ||^2 with scale = min(|D| / (d_in/2), 1);
/// b_dec is added only with <c>aux_k_decoder_bias</c> (SAELens's form).
/// </summary>
internal static class AuxKLoss
{
    /// <summary>k_aux before clamping to the dead count: the option, or d_in / 2.</summary>
    public static int AuxFeatures(int option, int inputWidth) => option > 0 ? option : Math.Max(1, inputWidth / 2);

    /// <summary>The AuxK term <c>losses/auxiliary_reconstruction_loss</c> with the family's options (alpha, b_dec or not).</summary>
    public static LossTerm Term(SparseRows? aux, SaeParameters weights, TopKFamilyOptions options, Tensor input, Tensor reconstruction, int deadCount) =>
        new(MetricNames.AuxiliaryLoss,
            Compute(aux, weights.WDec, options.AuxKDecoderBias ? weights.BDec : null, input, reconstruction, deadCount, options.AuxKCoefficient));

    /// <summary>The weighted AuxK term; a zero scalar when <paramref name="aux"/> is null (no dead features).</summary>
    /// <param name="decoderBias">b_dec to add to the auxiliary reconstruction (SAELens's form), or null.</param>
    public static Tensor Compute(SparseRows? aux, Tensor wDec, Tensor? decoderBias, Tensor input, Tensor reconstruction, int deadCount, double alpha)
    {
        if (aux is null || deadCount == 0 || alpha == 0) return Tensor.Scalar(0f);
        int inputWidth = input.Cols;
        double scale = Math.Min(deadCount / (double)Math.Max(1, inputWidth / 2), 1.0);
        var residual = Ops.Sub(input, reconstruction.Detach());
        var auxReconstruction = decoderBias is null ? Ops.SparseDecode(aux, wDec) : Ops.SparseDecode(aux, wDec, decoderBias);
        return Ops.MulScalar(Ops.MseLoss(auxReconstruction, residual), (float)(alpha * scale));
    }
}
