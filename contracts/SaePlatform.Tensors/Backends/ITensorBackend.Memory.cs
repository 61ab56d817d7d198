using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Backends;

// Memory: every tensor the operations create comes from the current backend's allocator, so a backend whose device
// host code cannot address (a GPU, the simulated device) owns all intermediate and parameter memory of a step.
public partial interface ITensorBackend
{
    /// <summary>Where this backend's tensors live (<see cref="TensorDevice.Host"/> for the CPU backend).</summary>
    TensorDevice Device { get; }

    /// <summary>
    /// Storage for <paramref name="length"/> float32 elements on <see cref="Device"/>. Uninitialised, except that
    /// host storage for a <paramref name="persistent"/> tensor is zero. <paramref name="persistent"/> marks memory that
    /// lives for a whole run (parameters, optimiser state) rather than for one step; a caching allocator may keep the
    /// two apart.
    /// </summary>
    TensorStorage Allocate(int length, bool persistent);
}
