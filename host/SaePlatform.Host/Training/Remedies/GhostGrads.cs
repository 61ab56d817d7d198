using SaePlatform.Contracts.Architectures;
using SaePlatform.Tensors;

namespace SaePlatform.Host.Training.Remedies;

/// <summary>
/// Ghost grads (Jermyn and Templeton 2024, "Ghost grads: an improvement on resampling"; SAELens before v3 had the same
/// form) for the features dead over the dead-feature window, in a training step only:
/// <list type="number">
/// <item>r = x - x_hat, detached (the part of the rows the SAE misses);</item>
/// <item>g = exp(h_dead) W_dec[dead]: exp instead of the activation, so a dead feature still gets a gradient;</item>
/// <item>per row, g is scaled by the detached s_b = ||r_b|| / (2 ||g_b|| + 1e-6), so the ghost output is half the residual's norm;</item>
/// <item>L = mean_b ||s_b g_b - r_b||^2 (the MSE term's units), times the detached mse / (L + 1e-6), so its value is the
/// MSE term's and its gradient pulls the dead features towards the residual at the strength of the reconstruction loss.</item>
/// </list>
/// </summary>
internal static class GhostGrads
{
    /// <summary>The epsilon of the norm ratio and of the loss ratio (the write-up and SAELens's form).</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The ghost-grads term for the dead features <paramref name="dead"/> (ascending, at least one).</summary>
    /// <param name="sae">The architecture's hooks (pre-activations and decoder rows of a feature subset).</param>
    /// <param name="input">The step's rows [B, d_in].</param>
    /// <param name="reconstruction">The forward pass's x_hat [B, d_in] (its gradient is not used).</param>
    /// <param name="dead">Dead features, where the weights live (none is read back to the host).</param>
    public static Tensor Loss(IDeadFeatureRemedies sae, Tensor input, Tensor reconstruction, IndexTensor dead)
    {
        ArgumentNullException.ThrowIfNull(sae);
        int rows = input.Rows, width = input.Cols;
        var residual = Ops.Sub(input, reconstruction.Detach());
        var ghost = sae.DecodeFeatures(Ops.Exp(sae.PreActivations(input, dead)), dead);
        if (ghost.Rows != rows || ghost.Cols != width)
            throw new InvalidOperationException($"DecodeFeatures returned {ghost.ShapeString}, expected [{rows}, {width}].");

        // The detached per-row scales and the loss ratio stay on the engine's device.
        var (scale, residualMse) = Ops.GhostGradScales(residual, ghost, Epsilon);
        var ghostMse = Ops.MseLoss(Ops.Mul(ghost, scale), residual);
        return Ops.Mul(ghostMse, Ops.DivideF64(residualMse, ghostMse.Detach(), Epsilon));
    }
}
