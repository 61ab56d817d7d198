using System.Diagnostics;
using System.Reflection;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// Runs every kernel method of a candidate <see cref="ITensorBackend"/> against a reference (the CPU backend) on seeded
/// random inputs, several shapes per method (odd, degenerate and zero-row sizes, beta 0 over a NaN-filled destination
/// and beta != 0 accumulation, optional arguments null and given), with each backend's tensors on its own device, and
/// reports per method how many cases ran, the worst error and whether it conforms. In tolerance mode floats are held to
/// their <see cref="Tolerance"/> class and host arrays (indices, offsets, counts, norms) must match exactly; in
/// <see cref="Exact"/> mode every float must be bit-identical too (NaN equal to any NaN).
/// </summary>
/// <remarks>
/// The cases are in <c>ConformanceCases.*.cs</c>, one file per kernel family. A kernel method that the interface declares
/// and no case covers is reported as failing, so a kernel added later cannot pass unchecked.
/// </remarks>
internal sealed class BackendConformance
{
    private readonly ITensorBackend _candidate;
    private readonly ITensorBackend _reference;

    /// <summary>A suite for <paramref name="candidate"/> against <paramref name="reference"/> (a new CPU backend when null).</summary>
    public BackendConformance(ITensorBackend candidate, ITensorBackend? reference = null)
    {
        _candidate = candidate ?? throw new ArgumentNullException(nameof(candidate));
        _reference = reference ?? CpuBackend.Create();
    }

    /// <summary>Require bit-identical floats (a simulated device, or the CPU against itself); otherwise tolerances apply.</summary>
    public bool Exact { get; init; }

    /// <summary>Seed of the random inputs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Run every case on the candidate twice and require the same bits both times (default true): reductions without
    /// float atomics, so that a resume on the same device is bit-identical.
    /// </summary>
    public bool CheckDeterminism { get; init; } = true;

    /// <summary>Kernel method names to check (all when null), e.g. from <c>sae engine check --only</c>.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>Every case of the suite under <paramref name="seed"/>, grouped by kernel in the report's order.</summary>
    public static IReadOnlyList<ConformanceCase> Cases(int seed) => ConformanceCases.All(seed);

    /// <summary>The interface methods the cases call (the same set under every seed).</summary>
    public static IReadOnlySet<MethodInfo> CoveredMethods() => Cases(1).Select(c => c.Method.Info).ToHashSet();

    /// <summary>Runs every case on both backends and compares them.</summary>
    public ConformanceReport Run()
    {
        var clock = Stopwatch.StartNew();
        var cases = Cases(Seed);
        var known = cases.Select(c => c.Method).Distinct().ToList();
        var results = new List<ConformanceResult>();
        foreach (var method in KernelMethods.OfInterface())
        {
            if (Only is not null && !Only.Contains(method.Name)) continue;
            string name = KernelMethods.NameOf(method, known);
            var mine = cases.Where(c => c.Method.Info == method).ToList();
            results.Add(mine.Count == 0
                ? new ConformanceResult(name, 0, double.PositiveInfinity, false, "no conformance cases cover this kernel method")
                : RunMethod(name, mine));
        }
        return new ConformanceReport(_candidate.Name, _reference.Name, Exact, Seed, results, clock.Elapsed);
    }

    private ConformanceResult RunMethod(string name, List<ConformanceCase> cases)
    {
        double worst = 0;
        string? reason = null;
        foreach (var c in cases)
        {
            var (expected, referenceError) = Execute(_reference, c);
            if (referenceError is not null)
            {
                // The suite's own mistake (a case the contract does not allow): say so rather than blame the candidate.
                worst = double.PositiveInfinity;
                reason ??= $"{c.Label}: the reference backend threw {Describe(referenceError)}";
                continue;
            }
            var (actual, candidateError) = Execute(_candidate, c);
            if (candidateError is not null)
            {
                worst = double.PositiveInfinity;
                reason ??= $"{c.Label}: threw {Describe(candidateError)}";
                continue;
            }
            for (int i = 0; i < expected!.Count; i++)
            {
                var comparison = OutputComparison.Of(expected[i], actual![i], Exact);
                worst = Math.Max(worst, comparison.WorstError);
                if (comparison.Failure is not null) reason ??= $"{c.Label}: {comparison.Failure}";
            }
            if (CheckDeterminism && reason is null) reason = Repeatable(c, actual!);
        }
        return new ConformanceResult(name, cases.Count, worst, reason is null, reason);
    }

    /// <summary>Null when a second run of <paramref name="c"/> on the candidate gives the same bits as the first, else why not.</summary>
    private string? Repeatable(ConformanceCase c, IReadOnlyList<KernelOutput> first)
    {
        var (second, error) = Execute(_candidate, c);
        if (error is not null) return $"{c.Label}: threw on its second run: {Describe(error)}";
        for (int i = 0; i < first.Count; i++)
            if (OutputComparison.Of(first[i], second![i], exact: true).Failure is { } failure)
                return $"{c.Label}: not deterministic, a second run differs: {failure}";
        return null;
    }

    /// <summary>Runs one case on one backend, with that backend current for the tensors the case creates.</summary>
    private static (IReadOnlyList<KernelOutput>? Outputs, Exception? Error) Execute(ITensorBackend backend, ConformanceCase c)
    {
        using (TensorBackend.Use(backend))
        using (TensorScope.Begin())
        {
            var run = new KernelRun(backend);
            try
            {
                c.Body(run);
                return (run.Outputs, null);
            }
#pragma warning disable CA1031 // A kernel that throws is a failed case, whatever it throws; the report names the exception.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return (null, e);
            }
        }
    }

    private static string Describe(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        string message = e.Message.ReplaceLineEndings(" ");
        return $"{e.GetType().Name}: {message}";
    }
}
