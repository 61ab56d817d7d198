namespace SaePlatform.Host.Plugins.Components;

/// <summary>A plugin component's constructor threw when the run created it.</summary>
/// <remarks>The message names the component, its plugin and folder, and the original exception; <see cref="Exception.InnerException"/> is that exception.</remarks>
internal sealed class ComponentCreationException(string message, Exception inner) : Exception(message, inner);
