using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.Standard;

/// <summary>Options of the standard SAE: only the shared ones (d_sae, decoder norm, b_dec init, ...).</summary>
public sealed class StandardOptions : SaeArchitectureOptions;
