using System.Globalization;

namespace SaePlatform.Host.Engine.Conformance;

/// <summary>
/// The suite's cases, one partial file per kernel family (<c>ConformanceCases.Elementwise.cs</c> and so on). Every case
/// builds its host inputs once, here, so the reference and the candidate get the same values; shapes include 1, 3, 17,
/// 33, 130 and 257 and a zero-row case wherever the contract allows one.
/// </summary>
internal static partial class ConformanceCases
{
    /// <summary>2-D shapes most families run on: single element, odd sizes, tall, wide, and zero rows.</summary>
    private static readonly (int Rows, int Cols)[] Grids = [(1, 1), (3, 17), (33, 130), (257, 33), (17, 257), (0, 17)];

    /// <summary>Every case under <paramref name="seed"/>, in the order of the interface's kernel families.</summary>
    public static IReadOnlyList<ConformanceCase> All(int seed) =>
    [
        .. Gemm(new HostData(seed, "gemm")),
        .. Elementwise(new HostData(seed, "elementwise")),
        .. Fused(new HostData(seed, "fused")),
        .. Gated(new HostData(seed, "gated")),
        .. Indexing(new HostData(seed, "indexing")),
        .. Norms(new HostData(seed, "norms")),
        .. Optimizers(new HostData(seed, "optimizers")),
        .. Reductions(new HostData(seed, "reductions")),
        .. Selection(new HostData(seed, "selection")),
        .. SparseProducts(new HostData(seed, "sparse")),
        .. JumpRelu(new HostData(seed, "jumprelu")),
    ];

    /// <summary>A beta for a case label.</summary>
    private static string Beta(float beta) => "beta=" + beta.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number for a case label.</summary>
    private static string Num(float value) => value.ToString(CultureInfo.InvariantCulture);
}
