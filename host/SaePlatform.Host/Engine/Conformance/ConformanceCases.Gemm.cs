using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>(m, k, n) of the GEMM cases: unit, odd, matrix-vector (m or n 1), an outer product (k 1), zero rows, zero depth (C = beta C).</summary>
    private static readonly (int M, int K, int N)[] GemmShapes =
    [
        (1, 1, 1), (3, 17, 5), (33, 130, 17), (257, 33, 3), (17, 257, 33), (1, 257, 33), (130, 33, 1), (300, 1, 257), (0, 17, 5), (5, 0, 3), (4, 3, 0),
    ];

    /// <summary>(alpha, beta): beta 0 over a NaN-filled C, plain accumulation, and both scaled.</summary>
    private static readonly (float Alpha, float Beta)[] GemmScalars = [(1f, 0f), (0.5f, 1f), (-1.5f, 0.25f)];

    /// <summary>
    /// <see cref="Tensors.Backends.ITensorBackend.Gemm"/>: every shape under all four transpose combinations, the alpha/beta
    /// pairs cycling, so each pair meets each transpose combination.
    /// </summary>
    private static IEnumerable<ConformanceCase> Gemm(HostData data)
    {
        int index = 0;
        foreach (var (m, k, n) in GemmShapes)
            foreach (var (transposeA, transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var (alpha, beta) = GemmScalars[index++ % GemmScalars.Length];
                int[] aShape = transposeA ? [k, m] : [m, k], bShape = transposeB ? [n, k] : [k, n];
                float[] a = data.Uniform(m * k), b = data.Uniform(k * n), c = data.Uniform(m * n);
                string label = $"{m}x{k}x{n}{(transposeA ? " A^T" : "")}{(transposeB ? " B^T" : "")} alpha={Num(alpha)} {Beta(beta)}";
                yield return new ConformanceCase(KernelMethods.Gemm, label, run =>
                {
                    var tc = beta == 0f ? Poisoned(m, n) : Upload(c, m, n);
                    run.Backend.Gemm(transposeA, transposeB, alpha, Upload(a, aShape), Upload(b, bShape), beta, tc);
                    run.Read("c", tc, Tolerance.Gemm);
                });
            }
    }
}
