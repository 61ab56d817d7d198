using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Cuda;

namespace SaePlatform.Host.Cli.Bench;

/// <summary>One benchmark case: a GEMM shape or an SAE training step at a named size.</summary>
/// <param name="Name">Case id, e.g. <c>step/standard/mid</c> or <c>gemm/enc-fwd/mid</c>.</param>
/// <param name="Kind">"gemm" or "step".</param>
/// <param name="Architecture">standard, standard-sparse, standard-sparse-ghost, topk, gated, gated-sparse or gated-detached (steps only).</param>
/// <param name="Size">small, mid or large.</param>
internal sealed record BenchCase(string Name, string Kind, string Architecture, string Size)
{
    /// <summary>Waits for the current backend's queued work (a GPU runs asynchronously; the CPU has nothing queued).</summary>
    public static void WaitForDevice() => (TensorBackend.Current as CudaBackend)?.Synchronize();

    /// <summary>Most device memory the current backend held at once (0 on the CPU).</summary>
    public static long DevicePeakBytes() => TensorBackend.Current switch
    {
        CudaBackend cuda => cuda.PeakBytes,
        SimDeviceBackend sim => sim.PeakBytes,
        _ => 0,
    };

    /// <summary>(d_in, d_sae, batch) of each size, as in the tensor-engine issue.</summary>
    public static (int DIn, int DSae, int Batch) Dimensions(string size) => size switch
    {
        "small" => (64, 512, 1024),
        "mid" => (512, 4096, 4096),
        "large" => (768, 16384, 4096),
        "xl" => (4096, 65536, 4096), // an LLM-sized SAE: for GPUs (its weights and Adam state take about 8 GiB)
        _ => throw new ArgumentException($"unknown size '{size}' (small, mid, large, xl)"),
    };

    public static IReadOnlyList<BenchCase> All(IReadOnlyList<string> sizes, IReadOnlyList<string> architectures)
    {
        var cases = new List<BenchCase>();
        foreach (var size in sizes)
        {
            foreach (var shape in GemmBench.ShapeNames) cases.Add(new($"gemm/{shape}/{size}", "gemm", "", size));
            foreach (var arch in architectures) cases.Add(new($"step/{arch}/{size}", "step", arch, size));
        }
        return cases;
    }
}
