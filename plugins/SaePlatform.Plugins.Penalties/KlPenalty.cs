using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Penalties;

/// <summary>
/// KL sparsity (SAE_REFERENCE.md "kl"; Ng's sparse autoencoder notes): rho_hat_i = mean activation of feature i
/// over the batch, clamped into [eps, 1 - eps]; penalty = sum_i rho log(rho/rho_hat_i) + (1-rho) log((1-rho)/(1-rho_hat_i)).
/// Meant for activations in (0, 1) such as a sigmoid code. Decoder row norms are not used.
/// </summary>
[SparsityPenalty("kl", Description = "KL divergence between a target firing rate rho and each feature's mean activation.")]
public sealed class KlPenalty(KlOptions options) : ISparsityPenalty
{
    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        double rho = options.Rho;
        float eps = (float)options.Eps;
        var rhoHat = Ops.Clamp(Ops.Mean(features, 0), eps, 1f - eps);
        // Expanded: sum_i [rho log rho + (1-rho) log(1-rho)] - rho sum_i log rho_hat_i - (1-rho) sum_i log(1 - rho_hat_i).
        var logRhoHat = Ops.Sum(Ops.Log(rhoHat));
        var logOneMinus = Ops.Sum(Ops.Log(Ops.AddScalar(Ops.Neg(rhoHat), 1f)));
        float constant = (float)(rhoHat.Length * (rho * Math.Log(rho) + (1 - rho) * Math.Log(1 - rho)));
        var variable = Ops.Add(Ops.MulScalar(logRhoHat, (float)-rho), Ops.MulScalar(logOneMinus, (float)-(1 - rho)));
        return Ops.AddScalar(variable, constant);
    }
}
