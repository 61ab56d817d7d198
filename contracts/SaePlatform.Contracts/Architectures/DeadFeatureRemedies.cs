namespace SaePlatform.Contracts.Architectures;

/// <summary>The runtime's remedies for dead features, which an architecture declares with <see cref="DeadFeatureRemediesAttribute"/>.</summary>
[Flags]
public enum DeadFeatureRemedy
{
    /// <summary>None applies.</summary>
    None = 0,

    /// <summary>
    /// Ghost grads (Jermyn and Templeton 2024; <c>training.ghost_grads</c>): an extra loss through exp of the dead
    /// features' pre-activations (<see cref="IDeadFeatureRemedies.PreActivations(SaePlatform.Tensors.Tensor, SaePlatform.Tensors.IndexTensor)"/>), which must be the values whose
    /// positive part makes a feature fire, so that raising them revives it. Not for top-k codes (they have AuxK).
    /// </summary>
    GhostGrads = 1,

    /// <summary>
    /// Resampling (Bricken et al. 2023; <c>training.resample_every</c>): dead features re-initialised towards inputs the
    /// SAE reconstructs badly (<see cref="IDeadFeatureRemedies.ResampleFeatures"/>), their optimiser state reset
    /// (<see cref="IDeadFeatureRemedies.FeatureParameters"/>).
    /// </summary>
    Resampling = 2,
}

/// <summary>
/// Declares which <see cref="DeadFeatureRemedy"/> values apply to an architecture. The class must implement
/// <see cref="IDeadFeatureRemedies"/>, as every <see cref="SaeArchitecture{TOptions}"/> does. Without the attribute no
/// remedy applies, and a config that turns one on is an error naming the key.
/// </summary>
/// <param name="remedies">The remedies that apply.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DeadFeatureRemediesAttribute(DeadFeatureRemedy remedies) : Attribute
{
    /// <summary>The remedies that apply.</summary>
    public DeadFeatureRemedy Remedies { get; } = remedies;

    /// <summary>Why a remedy left out does not apply (e.g. "it has AuxK"), for the config error; optional.</summary>
    public string? Reason { get; set; }
}
