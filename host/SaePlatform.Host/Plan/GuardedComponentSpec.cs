using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Plan;

/// <summary>A visualizer or observer entry: the component plus how it is guarded.</summary>
/// <param name="Component">The component and its options.</param>
/// <param name="Isolation">Requested isolation; null means the plugin manifest's choice (else in-process).</param>
/// <param name="TimeoutSeconds">Per-call time limit; null means the host default.</param>
internal sealed record GuardedComponentSpec(ComponentSlot Component, ComponentIsolation? Isolation, double? TimeoutSeconds)
;
