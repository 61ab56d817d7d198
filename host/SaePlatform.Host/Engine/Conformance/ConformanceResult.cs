namespace SaePlatform.Host.Engine.Conformance;

/// <summary>How one kernel method of a candidate backend compared with the reference.</summary>
/// <param name="Method">The method's report name (<see cref="KernelMethod.Name"/>).</param>
/// <param name="Cases">How many cases ran.</param>
/// <param name="WorstError">
/// The largest scaled error over every float output of every case (see <see cref="Tolerance"/>); infinity when an index,
/// count, length or NaN differed or a case threw; 0 when everything matched bit for bit.
/// </param>
/// <param name="Passed">Whether every case passed.</param>
/// <param name="Reason">One line naming the first failing case and element; null when passed.</param>
internal sealed record ConformanceResult(string Method, int Cases, double WorstError, bool Passed, string? Reason);

/// <summary>A whole suite's outcome.</summary>
/// <param name="Candidate">The candidate backend's name.</param>
/// <param name="Reference">The reference backend's name.</param>
/// <param name="Exact">Whether floats had to be bit-identical.</param>
/// <param name="Seed">The seed of the inputs.</param>
/// <param name="Methods">One result per kernel method of the interface, in declaration order.</param>
/// <param name="Elapsed">Wall time of the whole suite.</param>
internal sealed record ConformanceReport(string Candidate, string Reference, bool Exact, int Seed, IReadOnlyList<ConformanceResult> Methods, TimeSpan Elapsed)
{
    /// <summary>True when every method passed.</summary>
    public bool Passed => Methods.All(m => m.Passed);

    /// <summary>The methods that failed.</summary>
    public IEnumerable<ConformanceResult> Failures => Methods.Where(m => !m.Passed);

    /// <summary>Cases run over all methods.</summary>
    public int Cases => Methods.Sum(m => m.Cases);
}
