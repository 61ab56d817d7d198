using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>Every kernel of the CUDA backend compiles to PTX for the GPUs it targets, on a machine without a GPU or CUDA.</summary>
public sealed class KernelCatalogTests
{
    [Fact]
    public void Catalog_HoldsTheKernelsTheBackendLaunches()
    {
        var names = KernelCatalog.All().Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.Contains("ElementwiseKernels.Binary", names);
        Assert.Contains("GemmKernels.Gemm", names);
        Assert.Contains("ReduceKernels.Partials", names);
        Assert.Contains("OptimizerKernels.Adam", names.Select(n => n.Length > "OptimizerKernels.Adam".Length ? n[.."OptimizerKernels.Adam".Length] : n));
        Assert.True(names.Count >= 40, $"only {names.Count} kernels found: {string.Join(", ", names)}");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(90)]
    public void EveryKernel_CompilesToPtx(int smVersion)
    {
        var results = KernelCatalog.CompileToPtx(smVersion == 90 ? CudaArchitecture.SM_90 : CudaArchitecture.SM_80);

        var failed = results.Where(r => r.Error is not null).Select(r => $"{r.Kernel.DeclaringType!.Name}.{r.Kernel.Name}: {r.Error}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.All(results, r => Assert.Contains(".entry ", r.Ptx!, StringComparison.Ordinal));
        Assert.All(results, r => Assert.Contains(".target sm_", r.Ptx!, StringComparison.Ordinal));
        // No float atomics: float sums run in a fixed order, so a run repeats its bits on the same GPU (integer counts may
        // use atomics: their sums are exact in any order).
        var floatAtomic = new System.Text.RegularExpressions.Regex(@"\b(atom|red)\.[a-z0-9.]*\.(f16|bf16|f32|f64)\b");
        var atomic = results.Where(r => floatAtomic.IsMatch(r.Ptx!)).Select(r => r.Kernel.Name).ToList();
        Assert.True(atomic.Count == 0, "kernels with float atomics: " + string.Join(", ", atomic));
    }
}
