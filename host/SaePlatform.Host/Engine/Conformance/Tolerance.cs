namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// How closely a candidate's output must follow the reference's in tolerance mode. An element passes when
/// <c>|candidate - reference| &lt;= Relative * max(|reference|, rms)</c>, rms being the root mean square of that whole
/// reference output: relative for elements at or above the output's typical magnitude, and an absolute floor of
/// <c>Relative * rms</c> below it, so a value that cancels to near zero is judged against the magnitudes it came from
/// (the rounding of <c>g + beta * old</c> is an ulp of the operands, not of the result). NaN must meet NaN and an
/// infinity the same infinity. <see cref="Exact"/> outputs (indices, offsets, counts, selected values) must be
/// bit-identical in either mode.
/// </summary>
/// <param name="Name">Short name of the class for reports.</param>
/// <param name="Relative">The allowed error relative to <c>max(|reference|, rms)</c>; 0 for <see cref="Exact"/>.</param>
internal sealed record Tolerance(string Name, double Relative)
{
    /// <summary>Element-wise results (one or two roundings per element, or transcendental functions): 1e-6.</summary>
    public static Tolerance Elementwise { get; } = new("element-wise", 1e-6);

    /// <summary>Sums over many elements (column sums, norms, float64 accumulations a device may do in float32 trees): 1e-5.</summary>
    public static Tolerance Reduction { get; } = new("reduction", 1e-5);

    /// <summary>float32 matrix products, dense or sparse (dot products in another order): 1e-5.</summary>
    public static Tolerance Gemm { get; } = new("gemm", 1e-5);

    /// <summary>Indices, offsets, counts and values a kernel selects or copies rather than computes: bit-identical.</summary>
    public static Tolerance Exact { get; } = new("exact", 0);

    /// <summary>True for <see cref="Exact"/>: compared bit for bit in every mode.</summary>
    public bool IsExact => Relative == 0;
}
