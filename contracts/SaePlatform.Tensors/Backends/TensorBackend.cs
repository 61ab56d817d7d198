using SaePlatform.Tensors.Backends.Cpu;

namespace SaePlatform.Tensors.Backends;

/// <summary>Selects the backend that <see cref="Ops"/> runs on (process-wide; CPU by default).</summary>
public static class TensorBackend
{
    private static ITensorBackend? _current;

    /// <summary>The active backend. Created lazily; the CPU backend probes for OpenBLAS on first use.</summary>
    public static ITensorBackend Current
    {
        get => _current ??= CpuBackend.Create();
        set => _current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// One-time notices from backends (for example "OpenBLAS not found, using managed GEMM"). The host
    /// subscribes and logs them once; the engine itself has no logging dependency.
    /// </summary>
    public static event Action<string>? Notice;

    internal static void RaiseNotice(string message) => Notice?.Invoke(message);
}
