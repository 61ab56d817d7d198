using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Cuda;

namespace SaePlatform.Host.Engine;

/// <summary>
/// The engine devices <c>sae</c> can compute on (<c>training.device</c>, <c>--device</c>): <c>cpu</c>, the CPU backend
/// (OpenBLAS or managed GEMM); <c>simdevice</c>, the CPU kernels behind device memory that host code cannot address,
/// with every host/device transfer counted; <c>ilgpu-cpu</c>, the CUDA backend's kernels on ILGPU's CPU accelerator (the
/// GPU code path on any machine, slowly); <c>cuda</c>, the CUDA backend on GPU 0 (an error naming what is missing when it
/// cannot be used); <c>auto</c>, the GPU when one can be used, else the CPU with one log line saying why.
/// </summary>
internal static class EngineDevices
{
    /// <summary>Device names in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cpu", "simdevice", "ilgpu-cpu", "auto", "cuda"];

    /// <summary>A new backend for <paramref name="device"/> (<c>auto</c>: CUDA when it can be used, else the CPU).</summary>
    /// <param name="device">The device.</param>
    /// <param name="options">CUDA options (GEMM precision); the defaults when null.</param>
    /// <exception cref="ArgumentException">The device is cuda and CUDA cannot be used here (the message says why).</exception>
    public static ITensorBackend Create(EngineDeviceKind device, CudaOptions? options = null) => device switch
    {
        EngineDeviceKind.Cpu => CpuBackend.Create(),
        EngineDeviceKind.SimDevice => SimDeviceBackend.Create(),
        EngineDeviceKind.IlgpuCpu => CudaBackend.CreateOnCpuAccelerator(),
        EngineDeviceKind.Cuda => TryCuda(options, out string why) ?? throw new ArgumentException(why),
        EngineDeviceKind.Auto => (ITensorBackend?)TryCuda(options, out _) ?? CpuBackend.Create(),
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, null),
    };

    /// <summary>CUDA options for <c>training.gemm_precision</c>.</summary>
    public static CudaOptions CudaOptionsFor(GemmPrecisionKind precision) => CudaOptions.Default with
    {
        Precision = precision switch { GemmPrecisionKind.Tf32 => GemmPrecision.Tf32, GemmPrecisionKind.Bf16 => GemmPrecision.Bf16, _ => GemmPrecision.Fp32 },
    };

    /// <summary>The CUDA backend on GPU 0, or null with the reason (driver, device or library missing).</summary>
    public static CudaBackend? TryCuda(CudaOptions? options, out string why)
    {
        var probe = CudaLibraries.Search();
        if (probe.DriverPath is null)
        {
            why = $"engine device 'cuda': no NVIDIA driver found; CUDA libraries: {probe.Describe()}";
            return null;
        }
        var backend = CudaBackend.TryCreateCuda(0, probe.DriverPath, probe.CublasLtPath, options ?? CudaOptions.Default, out string reason);
        why = backend is null ? $"engine device 'cuda': {reason}; CUDA libraries: {probe.Describe()}" : "";
        return backend;
    }

    /// <summary>
    /// Runs the rest of this flow on <paramref name="device"/> until the handle is disposed: the CPU leaves the
    /// process-wide backend in place; another device gets a backend of its own, named once in the log, and disposed with
    /// the handle.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="device"/> is cuda and CUDA cannot be used here (the message says why).</exception>
    public static IDisposable Use(EngineDeviceKind device, ILogger log, CudaOptions? options = null)
    {
        ITensorBackend backend;
        if (device == EngineDeviceKind.Auto)
        {
            var cuda = TryCuda(options, out string why);
            if (cuda is null)
            {
                Log.AutoFellBackToCpu(log, why);
                return NoScope.Instance;
            }
            backend = cuda;
        }
        else if (device == EngineDeviceKind.Cpu) return NoScope.Instance;
        else backend = Create(device, options);
        Log.EngineDevice(log, backend.Name);
        if (backend is CudaBackend { UsesGemmFallback: true } gpu) Log.CudaGemmFallback(log, gpu.Name);
        return new BackendScope(TensorBackend.Use(backend), backend as IDisposable);
    }

    /// <summary>The device named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException">The name is none of <see cref="Names"/>.</exception>
    public static EngineDeviceKind Parse(string name) => name switch
    {
        "cpu" => EngineDeviceKind.Cpu,
        "simdevice" => EngineDeviceKind.SimDevice,
        "ilgpu-cpu" => EngineDeviceKind.IlgpuCpu,
        "auto" => EngineDeviceKind.Auto,
        "cuda" => EngineDeviceKind.Cuda,
        _ => throw new ArgumentException($"Unknown engine device '{name}'; expected one of: {string.Join(", ", Names)}."),
    };

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose() { }
    }

    private sealed class BackendScope(IDisposable scope, IDisposable? backend) : IDisposable
    {
        public void Dispose()
        {
            scope.Dispose();
            backend?.Dispose();
        }
    }
}
