using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Every kernel of the backend (the static methods of this namespace whose first parameter is <see cref="Index1D"/>),
/// and their compilation to PTX, which needs no GPU and no CUDA installation: tests compile each kernel for the
/// architectures the backend targets, so a kernel that runs on the CPU accelerator but that the PTX backend cannot
/// compile fails on CI rather than on a GPU machine.
/// </summary>
internal static class KernelCatalog
{
    /// <summary>The kernel methods, ordered by class and name.</summary>
    public static IReadOnlyList<MethodInfo> All() =>
        typeof(KernelCatalog).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(KernelCatalog).Namespace && t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.GetParameters() is [var first, ..] && first.ParameterType == typeof(Index1D))
            .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Compiles every kernel to PTX for <paramref name="architecture"/> in the PTX ISA <paramref name="instructionSet"/>
    /// (default 8.0, CUDA 12.0's; at run time ILGPU picks the newest one the driver takes): per kernel, its PTX or the
    /// compiler's error.
    /// </summary>
    public static IReadOnlyList<(MethodInfo Kernel, string? Ptx, string? Error)> CompileToPtx(
        CudaArchitecture architecture, CudaInstructionSet? instructionSet = null)
    {
        using var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Math(MathMode.Default));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture,
            instructionSet ?? CudaInstructionSet.ISA_80, nvvmAPI: null);
        var results = new List<(MethodInfo, string?, string?)>();
        foreach (var kernel in All())
        {
            try
            {
                var entry = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
                var specialization = KernelSpecialization.Empty;
                var compiled = (PTXCompiledKernel)backend.Compile(entry, specialization);
                results.Add((kernel, compiled.PTXAssembly, null));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                results.Add((kernel, null, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }
        return results;
    }
}
