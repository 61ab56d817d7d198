using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.SparseAutoencoder;

/// <summary>The code non-linearity of the classic sparse autoencoder.</summary>
public enum SparseCodeActivation
{
    /// <summary>max(h, 0): exact zeros, so L0 is meaningful.</summary>
    Relu,
    /// <summary>1 / (1 + e^-h): codes in (0, 1), the setting of the KL sparsity penalty.</summary>
    Sigmoid,
}

/// <summary>
/// Options of the classic sparse autoencoder. The latent width defaults to 2 x d_in (the embeddings brief),
/// not the SAE default of 8 x d_in.
/// </summary>
public sealed class SparseAutoencoderOptions : SaeArchitectureOptions
{
    /// <summary>Creates the options with expansion_factor 2.</summary>
    public SparseAutoencoderOptions() => ExpansionFactor = 2;

    /// <summary>Code activation. Default relu.</summary>
    [Description("Code activation: relu or sigmoid.")]
    public SparseCodeActivation Activation { get; set; } = SparseCodeActivation.Relu;

    /// <summary>Use W_dec = W_enc^T (one weight matrix, about half the parameters). Default false.</summary>
    [Description("Tie the decoder to the encoder: W_dec = W_enc^T (saved files still hold both).")]
    public bool TiedWeights { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        // Unit-norm decoder rows would be unit-norm encoder columns too, and projecting the summed
        // encoder/decoder gradient has no established meaning; the classic tied AE does not do it.
        if (TiedWeights && DecoderNorm == DecoderNormPolicy.UnitNorm)
            yield return new ValidationResult("tied_weights: true cannot be combined with decoder_norm: unit_norm; use weighted_penalty.",
                [nameof(TiedWeights), nameof(DecoderNorm)]);
    }
}
