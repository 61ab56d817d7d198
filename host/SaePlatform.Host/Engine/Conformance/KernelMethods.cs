using System.Reflection;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>A kernel method of <see cref="ITensorBackend"/> under test: the name the report uses and the method itself.</summary>
/// <param name="Name">The method's name, with a suffix where the interface overloads it (<c>ReluBackward(addend)</c>).</param>
/// <param name="Info">The interface method.</param>
internal sealed record KernelMethod(string Name, MethodInfo Info);

/// <summary>
/// The kernel methods of <see cref="ITensorBackend"/>, one descriptor each, in the order the report lists them; and the
/// interface's methods found by reflection, so that a kernel added to the interface without conformance cases shows.
/// </summary>
internal static class KernelMethods
{
    /// <summary>Members of the interface that are not kernels: the device and the allocator (properties are skipped anyway).</summary>
    private static readonly string[] NotKernels = [nameof(ITensorBackend.Allocate)];

    /// <summary><see cref="ITensorBackend.Gemm"/>.</summary>
    public static readonly KernelMethod Gemm = Of(nameof(ITensorBackend.Gemm));

    /// <summary><see cref="ITensorBackend.Binary"/>.</summary>
    public static readonly KernelMethod Binary = Of(nameof(ITensorBackend.Binary));

    /// <summary><see cref="ITensorBackend.BinaryGrad"/>.</summary>
    public static readonly KernelMethod BinaryGrad = Of(nameof(ITensorBackend.BinaryGrad));

    /// <summary><see cref="ITensorBackend.Unary"/>.</summary>
    public static readonly KernelMethod Unary = Of(nameof(ITensorBackend.Unary));

    /// <summary><see cref="ITensorBackend.UnaryGrad"/>.</summary>
    public static readonly KernelMethod UnaryGrad = Of(nameof(ITensorBackend.UnaryGrad));

    /// <summary><see cref="ITensorBackend.Where"/>.</summary>
    public static readonly KernelMethod Where = Of(nameof(ITensorBackend.Where));

    /// <summary><see cref="ITensorBackend.WhereGrad"/>.</summary>
    public static readonly KernelMethod WhereGrad = Of(nameof(ITensorBackend.WhereGrad));

    /// <summary><see cref="ITensorBackend.BiasRelu"/>.</summary>
    public static readonly KernelMethod BiasRelu = Of(nameof(ITensorBackend.BiasRelu));

    /// <summary><see cref="ITensorBackend.BiasReluInPlace"/>.</summary>
    public static readonly KernelMethod BiasReluInPlace = Of(nameof(ITensorBackend.BiasReluInPlace));

    /// <summary><see cref="ITensorBackend.ReluBackward(Tensor, Tensor, Tensor, Tensor?, float)"/>.</summary>
    public static readonly KernelMethod ReluBackward = Of(nameof(ITensorBackend.ReluBackward), "ReluBackward",
        typeof(Tensor), typeof(Tensor), typeof(Tensor), typeof(Tensor), typeof(float));

    /// <summary><see cref="ITensorBackend.ReluBackward(Tensor?, Tensor, Tensor, float, Tensor, Tensor?, float)"/>: with a per-column addend.</summary>
    public static readonly KernelMethod ReluBackwardAddend = Of(nameof(ITensorBackend.ReluBackward), "ReluBackward(addend)",
        typeof(Tensor), typeof(Tensor), typeof(Tensor), typeof(float), typeof(Tensor), typeof(Tensor), typeof(float));

    /// <summary><see cref="ITensorBackend.SquaredErrorSum"/>.</summary>
    public static readonly KernelMethod SquaredErrorSum = Of(nameof(ITensorBackend.SquaredErrorSum));

    /// <summary><see cref="ITensorBackend.SquaredErrorGrad"/>.</summary>
    public static readonly KernelMethod SquaredErrorGrad = Of(nameof(ITensorBackend.SquaredErrorGrad));

    /// <summary><see cref="ITensorBackend.GatedMagnitudeForward"/>.</summary>
    public static readonly KernelMethod GatedMagnitudeForward = Of(nameof(ITensorBackend.GatedMagnitudeForward));

    /// <summary><see cref="ITensorBackend.GatedMagnitudeBackward"/>.</summary>
    public static readonly KernelMethod GatedMagnitudeBackward = Of(nameof(ITensorBackend.GatedMagnitudeBackward));

    /// <summary><see cref="ITensorBackend.GatherRows"/>.</summary>
    public static readonly KernelMethod GatherRows = Of(nameof(ITensorBackend.GatherRows));

    /// <summary><see cref="ITensorBackend.ScatterAddRows"/>.</summary>
    public static readonly KernelMethod ScatterAddRows = Of(nameof(ITensorBackend.ScatterAddRows));

    /// <summary><see cref="ITensorBackend.GatherColumns"/>.</summary>
    public static readonly KernelMethod GatherColumns = Of(nameof(ITensorBackend.GatherColumns));

    /// <summary><see cref="ITensorBackend.ScatterAddColumns"/>.</summary>
    public static readonly KernelMethod ScatterAddColumns = Of(nameof(ITensorBackend.ScatterAddColumns));

    /// <summary><see cref="ITensorBackend.FillSequence"/>.</summary>
    public static readonly KernelMethod FillSequence = Of(nameof(ITensorBackend.FillSequence));

    /// <summary><see cref="ITensorBackend.L2Norm"/>.</summary>
    public static readonly KernelMethod L2Norm = Of(nameof(ITensorBackend.L2Norm));

    /// <summary><see cref="ITensorBackend.L2NormGrad"/>.</summary>
    public static readonly KernelMethod L2NormGrad = Of(nameof(ITensorBackend.L2NormGrad));

    /// <summary><see cref="ITensorBackend.AdamStep"/>.</summary>
    public static readonly KernelMethod AdamStep = Of(nameof(ITensorBackend.AdamStep));

    /// <summary><see cref="ITensorBackend.SgdStep"/>.</summary>
    public static readonly KernelMethod SgdStep = Of(nameof(ITensorBackend.SgdStep));

    /// <summary><see cref="ITensorBackend.SumOfSquaresF64(Tensor)"/>: one tensor, the sum returned to the host.</summary>
    public static readonly KernelMethod SumOfSquaresF64 = Of(nameof(ITensorBackend.SumOfSquaresF64), "SumOfSquaresF64", typeof(Tensor));

    /// <summary><see cref="ITensorBackend.SumOfSquaresF64(IReadOnlyList{Tensor}, Tensor)"/>: several tensors, the sum left on the device.</summary>
    public static readonly KernelMethod SumOfSquaresF64List = Of(nameof(ITensorBackend.SumOfSquaresF64), "SumOfSquaresF64(list)",
        typeof(IReadOnlyList<Tensor>), typeof(Tensor));

    /// <summary><see cref="ITensorBackend.ScaleInPlace"/>.</summary>
    public static readonly KernelMethod ScaleInPlace = Of(nameof(ITensorBackend.ScaleInPlace));

    /// <summary><see cref="ITensorBackend.RowL2Norms"/>.</summary>
    public static readonly KernelMethod RowL2Norms = Of(nameof(ITensorBackend.RowL2Norms));

    /// <summary><see cref="ITensorBackend.NormalizeRowsInPlace"/>.</summary>
    public static readonly KernelMethod NormalizeRowsInPlace = Of(nameof(ITensorBackend.NormalizeRowsInPlace));

    /// <summary><see cref="ITensorBackend.RemoveParallelRowComponent"/>.</summary>
    public static readonly KernelMethod RemoveParallelRowComponent = Of(nameof(ITensorBackend.RemoveParallelRowComponent));

    /// <summary><see cref="ITensorBackend.ReduceSum"/>.</summary>
    public static readonly KernelMethod ReduceSum = Of(nameof(ITensorBackend.ReduceSum));

    /// <summary><see cref="ITensorBackend.Expand"/>.</summary>
    public static readonly KernelMethod Expand = Of(nameof(ITensorBackend.Expand));

    /// <summary><see cref="ITensorBackend.Dot"/>.</summary>
    public static readonly KernelMethod Dot = Of(nameof(ITensorBackend.Dot));

    /// <summary><see cref="ITensorBackend.CountNonZeroColumns"/>.</summary>
    public static readonly KernelMethod CountNonZeroColumns = Of(nameof(ITensorBackend.CountNonZeroColumns));

    /// <summary><see cref="ITensorBackend.SparseCountNonZero"/>.</summary>
    public static readonly KernelMethod SparseCountNonZero = Of(nameof(ITensorBackend.SparseCountNonZero));

    /// <summary><see cref="ITensorBackend.ReconstructionStatistics"/>.</summary>
    public static readonly KernelMethod ReconstructionStatistics = Of(nameof(ITensorBackend.ReconstructionStatistics));

    /// <summary><see cref="ITensorBackend.GhostGradScales"/>.</summary>
    public static readonly KernelMethod GhostGradScales = Of(nameof(ITensorBackend.GhostGradScales));

    /// <summary><see cref="ITensorBackend.DivideF64"/>.</summary>
    public static readonly KernelMethod DivideF64 = Of(nameof(ITensorBackend.DivideF64));

    /// <summary><see cref="ITensorBackend.TopKSelect"/>.</summary>
    public static readonly KernelMethod TopKSelect = Of(nameof(ITensorBackend.TopKSelect));

    /// <summary><see cref="ITensorBackend.BatchTopKSelect"/>.</summary>
    public static readonly KernelMethod BatchTopKSelect = Of(nameof(ITensorBackend.BatchTopKSelect));

    /// <summary><see cref="ITensorBackend.SelectPositive"/>.</summary>
    public static readonly KernelMethod SelectPositive = Of(nameof(ITensorBackend.SelectPositive));

    /// <summary><see cref="ITensorBackend.SparseGather"/>.</summary>
    public static readonly KernelMethod SparseGather = Of(nameof(ITensorBackend.SparseGather));

    /// <summary><see cref="ITensorBackend.SparseScatterAdd"/>.</summary>
    public static readonly KernelMethod SparseScatterAdd = Of(nameof(ITensorBackend.SparseScatterAdd));

    /// <summary><see cref="ITensorBackend.SparseReluGrad"/>.</summary>
    public static readonly KernelMethod SparseReluGrad = Of(nameof(ITensorBackend.SparseReluGrad));

    /// <summary><see cref="ITensorBackend.SparseMatMul"/>.</summary>
    public static readonly KernelMethod SparseMatMul = Of(nameof(ITensorBackend.SparseMatMul));

    /// <summary><see cref="ITensorBackend.SparseRowDots"/>.</summary>
    public static readonly KernelMethod SparseRowDots = Of(nameof(ITensorBackend.SparseRowDots));

    /// <summary><see cref="ITensorBackend.SparseTransposeMatMul"/>.</summary>
    public static readonly KernelMethod SparseTransposeMatMul = Of(nameof(ITensorBackend.SparseTransposeMatMul));

    /// <summary><see cref="ITensorBackend.SparseColumnSums"/>.</summary>
    public static readonly KernelMethod SparseColumnSums = Of(nameof(ITensorBackend.SparseColumnSums));

    /// <summary><see cref="ITensorBackend.JumpReluForward"/>.</summary>
    public static readonly KernelMethod JumpReluForward = Of(nameof(ITensorBackend.JumpReluForward));

    /// <summary><see cref="ITensorBackend.JumpReluBackward"/>.</summary>
    public static readonly KernelMethod JumpReluBackward = Of(nameof(ITensorBackend.JumpReluBackward));

    /// <summary>
    /// Every kernel method the interface declares, its partial parts and any interface it extends included: its methods
    /// less property accessors (<see cref="ITensorBackend.Name"/>, <see cref="ITensorBackend.Device"/>) and
    /// <see cref="ITensorBackend.Allocate"/>. In declaration order within each interface.
    /// </summary>
    public static IReadOnlyList<MethodInfo> OfInterface() =>
    [
        .. new[] { typeof(ITensorBackend) }.Concat(typeof(ITensorBackend).GetInterfaces())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(method => !method.IsSpecialName && !NotKernels.Contains(method.Name))
            .OrderBy(method => method.MetadataToken),
    ];

    /// <summary>
    /// The name a report gives <paramref name="method"/>: its descriptor's; for a method no case covers, its name, with its
    /// parameter types when the interface overloads it.
    /// </summary>
    public static string NameOf(MethodInfo method, IEnumerable<KernelMethod> known)
    {
        if (known.FirstOrDefault(k => k.Info == method) is { } descriptor) return descriptor.Name;
        bool overloaded = OfInterface().Count(m => m.Name == method.Name) > 1;
        return overloaded ? $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})" : method.Name;
    }

    private static KernelMethod Of(string name)
    {
        var candidates = typeof(ITensorBackend).GetMethods().Where(m => m.Name == name).ToList();
        return candidates.Count == 1
            ? new(name, candidates[0])
            : throw new InvalidOperationException($"ITensorBackend has {candidates.Count} methods named {name}; name the overload by its parameter types.");
    }

    private static KernelMethod Of(string name, string display, params Type[] parameters) =>
        new(display, typeof(ITensorBackend).GetMethod(name, parameters)
            ?? throw new InvalidOperationException($"ITensorBackend has no {name}({string.Join(", ", parameters.Select(p => p.Name))})."));
}
