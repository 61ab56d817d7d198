namespace SaePlatform.Tensors.Backends.Cpu;

/// <summary>
/// CPU implementation of <see cref="ITensorBackend"/>: OpenBLAS for GEMM when it can be loaded, managed
/// SIMD kernels otherwise; element-wise work vectorised and split across cores when large. Kernel
/// families live in partial files next to this one.
/// </summary>
public sealed partial class CpuBackend : ITensorBackend
{
    private CpuBackend() { }

    /// <summary>Creates the CPU backend.</summary>
    public static CpuBackend Create() => new();

    /// <inheritdoc />
    public string Name => $"cpu ({GemmProviderName}, {TensorThreads.Count} threads)";
}
