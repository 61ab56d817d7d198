namespace SaePlatform.Host.Plan;

/// <summary>How a visualizer or observer runs (<c>isolation</c> in its config entry).</summary>
internal enum ComponentIsolation
{
    /// <summary>In the host process, behind an exception and timeout guard.</summary>
    InProcess,
    /// <summary>In a child worker process, so even a hard crash leaves the run alive.</summary>
    Process,
}
