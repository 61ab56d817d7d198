using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;
using SaePlatform.Tensors.Backends.SimDevice;

namespace SaePlatform.Host.Engine;

/// <summary>
/// The engine devices <c>sae</c> can compute on (<c>training.device</c>, <c>--device</c>): <c>cpu</c>, the CPU backend
/// (OpenBLAS or managed GEMM); <c>simdevice</c>, the CPU kernels behind device memory that host code cannot address,
/// with every host/device transfer counted: the check that the engine is ready for an accelerator; <c>auto</c>, a GPU
/// when one can be used, else the CPU; <c>cuda</c>, which this build does not have yet (docs/gpu.md): asking for it is
/// an error that names what is missing, and <c>auto</c> says the same in one log line.
/// </summary>
internal static class EngineDevices
{
    /// <summary>Device names in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cpu", "simdevice", "auto", "cuda"];

    /// <summary>A new backend for <paramref name="device"/> (<c>auto</c> gives the CPU's while no GPU backend exists).</summary>
    /// <exception cref="ArgumentException">The device is cuda, which this build cannot use (the message says why).</exception>
    public static ITensorBackend Create(EngineDeviceKind device) => device switch
    {
        EngineDeviceKind.Cpu or EngineDeviceKind.Auto => CpuBackend.Create(),
        EngineDeviceKind.SimDevice => SimDeviceBackend.Create(),
        EngineDeviceKind.Cuda => throw new ArgumentException(CudaUnavailable()),
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, null),
    };

    /// <summary>Why the CUDA device cannot be used: no backend in this build, and what the library search found.</summary>
    public static string CudaUnavailable() =>
        $"engine device 'cuda': this build has no CUDA backend yet (docs/gpu.md); CUDA libraries: {CudaLibraries.Search().Describe()}";

    /// <summary>
    /// Runs the rest of this flow on <paramref name="device"/> until the handle is disposed: the CPU leaves the
    /// process-wide backend in place; another device gets a backend of its own, named once in the log.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="device"/> is cuda, which this build cannot use (the message says why).</exception>
    public static IDisposable Use(EngineDeviceKind device, ILogger log)
    {
        if (device == EngineDeviceKind.Cuda) throw new ArgumentException(CudaUnavailable());
        if (device == EngineDeviceKind.Auto)
        {
            Log.AutoFellBackToCpu(log, CudaUnavailable());
            return NoScope.Instance;
        }
        if (device == EngineDeviceKind.Cpu) return NoScope.Instance;
        var backend = Create(device);
        Log.EngineDevice(log, backend.Name);
        return TensorBackend.Use(backend);
    }

    /// <summary>The device named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException">The name is none of <see cref="Names"/>.</exception>
    public static EngineDeviceKind Parse(string name) => name switch
    {
        "cpu" => EngineDeviceKind.Cpu,
        "simdevice" => EngineDeviceKind.SimDevice,
        "auto" => EngineDeviceKind.Auto,
        "cuda" => EngineDeviceKind.Cuda,
        _ => throw new ArgumentException($"Unknown engine device '{name}'; expected one of: {string.Join(", ", Names)}."),
    };

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose() { }
    }
}
