using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;
using SaePlatform.Tensors.Backends.Cpu.Gemm;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Backends;

public sealed class GemmTests
{
    /// <summary>The GEMM entry points of both providers share one signature.</summary>
    private delegate void GemmFunction(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 7, 13, 5 },
        { 33, 65, 17 },
        { 129, 3, 257 },
        { 12, 32, 1 },
        { 13, 520, 260 }, // two depth blocks and two column blocks, columns split across threads
        { 200, 40, 300 }, // rows split across threads
        { 1541, 19, 33 }, // more rows than one packed block of A
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ManagedGemm_AllTransposesAndOddShapes_MatchesFloat64Reference(int m, int n, int k)
    {
        foreach (var (ta, tb) in Transposes)
            CheckAgainstReference(ManagedGemm.Gemm, ta, tb, m, n, k, alpha: 0.75f, beta: -1.5f, seed: m * 31 + n * 7 + k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ManagedGemm256_AllTransposesAndOddShapes_MatchesFloat64Reference(int m, int n, int k)
    {
        foreach (var (ta, tb) in Transposes)
            CheckAgainstReference(ManagedGemm.Gemm256, ta, tb, m, n, k, alpha: -1.25f, beta: 0.5f, seed: m * 31 + n * 7 + k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OpenBlasGemm_AllTransposesAndOddShapes_MatchesFloat64Reference(int m, int n, int k)
    {
        // Where OpenBLAS is not installed the backend must fall back, and the fallback must be right.
        GemmFunction gemm = OpenBlasGemm.IsAvailable ? OpenBlasGemm.Gemm : ManagedGemm.Gemm;
        if (!OpenBlasGemm.IsAvailable) Assert.False(CpuBackend.UsesOpenBlas);
        foreach (var (ta, tb) in Transposes)
            CheckAgainstReference(gemm, ta, tb, m, n, k, alpha: 0.75f, beta: -1.5f, seed: m * 31 + n * 7 + k);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Gemm_BetaZeroWithNaNInC_IgnoresOldC(bool ta, bool tb)
    {
        foreach (var gemm in Providers)
            CheckAgainstReference(gemm, ta, tb, 37, 45, 29, alpha: 2f, beta: 0f, seed: 5, initialC: float.NaN);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Gemm_EmptyDimensions_GiveBetaTimesCOrNothing(bool transposeA, bool transposeB)
    {
        var backend = CpuBackend.Create();
        // k = 0: the product is empty, so C = beta * C; beta 0 clears even NaN.
        var c = Tensor.FromArray([1f, float.NaN, -2f, 4f, 8f, 0.5f], 2, 3);
        var a = Tensor.Zeros(transposeA ? [0, 2] : [2, 0]);
        var b = Tensor.Zeros(transposeB ? [3, 0] : [0, 3]);
        backend.Gemm(transposeA, transposeB, 1f, a, b, 0f, c);
        Assert.Equal(new float[6], c.ToArray());
        var d = Tensor.FromArray([1f, 2f, -2f, 4f, 8f, 0.5f], 2, 3);
        backend.Gemm(transposeA, transposeB, 1f, a, b, 0.5f, d);
        Assert.Equal(new[] { 0.5f, 1f, -1f, 2f, 4f, 0.25f }, d.ToArray());
        // m = 0 and n = 0: nothing to write, and no error.
        backend.Gemm(transposeA, transposeB, 1f, Tensor.Zeros(transposeA ? [4, 0] : [0, 4]), Tensor.Zeros(transposeB ? [3, 4] : [4, 3]), 0f, Tensor.Zeros(0, 3));
        backend.Gemm(transposeA, transposeB, 1f, Tensor.Zeros(transposeA ? [4, 2] : [2, 4]), Tensor.Zeros(transposeB ? [0, 4] : [4, 0]), 0f, Tensor.Zeros(2, 0));
    }

    [Fact]
    public void Gemm_BetaOne_AccumulatesIntoC()
    {
        foreach (var gemm in Providers)
            CheckAgainstReference(gemm, false, false, 50, 70, 40, alpha: 1f, beta: 1f, seed: 9);
    }

    [Fact]
    public void Gemm_ZeroDepth_ScalesC()
    {
        foreach (var gemm in Providers)
        {
            var c = new float[] { 1f, float.NaN, 3f, 4f };
            gemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
            Assert.Equal(new float[4], c);
            c = [1f, 2f, 3f, 4f];
            gemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2);
            Assert.Equal(new[] { 2f, 4f, 6f, 8f }, c);
        }
    }

    [Fact]
    public void Gemm_StridedSubmatrices_TouchOnlyTheirElements()
    {
        // A [3, 2] inside rows of 5, B [2, 4] inside rows of 6, C [3, 4] inside rows of 7.
        const int m = 3, n = 4, k = 2, lda = 5, ldb = 6, ldc = 7;
        var a = Reference.RandomArray(m * lda, 1);
        var b = Reference.RandomArray(k * ldb, 2);
        foreach (var gemm in Providers)
        {
            var c = new float[m * ldc];
            System.Array.Fill(c, -7f);
            gemm(false, false, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < ldc; j++)
                {
                    if (j >= n) { Assert.Equal(-7f, c[i * ldc + j]); continue; }
                    double expected = 0;
                    for (int p = 0; p < k; p++) expected += (double)a[i * lda + p] * b[p * ldb + j];
                    Assert.Equal(expected, c[i * ldc + j], 1e-5);
                }
        }
    }

    [Fact]
    public void Gemm_BufferTooShort_Throws()
    {
        foreach (var gemm in Providers)
            Assert.Throws<ArgumentException>(() => gemm(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
    }

    [Fact]
    public void CpuBackendGemm_TensorShapes_MatchesReferenceAndNamesProvider()
    {
        var backend = CpuBackend.Create();
        Assert.Contains(CpuBackend.UsesOpenBlas ? "openblas" : "managed-simd", backend.Name);
        const int m = 20, n = 30, k = 40;
        var av = Reference.RandomArray(k * m, 3);
        var bv = Reference.RandomArray(n * k, 4);
        using var scope = TensorScope.Begin();
        var a = Tensor.FromArray(av, k, m);
        var b = Tensor.FromArray(bv, n, k);
        var c = Tensor.Full(float.NaN, m, n);
        backend.Gemm(true, true, 1f, a, b, 0f, c);
        var expected = Reference.MatMul(av, k, m, true, bv, n, k, true);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], c.Span[i], 1e-4);
        Assert.Throws<ArgumentException>(() => backend.Gemm(false, false, 1f, a, b, 0f, c));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-1.5f)]
    public void CpuBackendGemm_DepthOneLargeOutput_MatchesFloat64OuterProduct(float beta)
    {
        // K = 1 with a large C takes the backend's streaming outer-product pass instead of the GEMM library.
        const int m = 301, n = 299; // m * n above the parallel threshold; n not a multiple of the vector width
        var backend = CpuBackend.Create();
        var av = Reference.RandomArray(m, 21);
        var bv = Reference.RandomArray(n, 22);
        var c0 = beta == 0f ? Enumerable.Repeat(float.NaN, m * n).ToArray() : Reference.RandomArray(m * n, 23);
        foreach (var (ta, tb) in Transposes)
        {
            using var scope = TensorScope.Begin();
            var a = ta ? Tensor.FromArray(av, 1, m) : Tensor.FromArray(av, m, 1);
            var b = tb ? Tensor.FromArray(bv, n, 1) : Tensor.FromArray(bv, 1, n);
            var c = Tensor.FromArray((float[])c0.Clone(), m, n);
            backend.Gemm(ta, tb, 0.75f, a, b, beta, c);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double expected = 0.75 * av[i] * (double)bv[j] + (beta == 0f ? 0 : beta * (double)c0[i * n + j]);
                    Assert.Equal(expected, c.Span[i * n + j], 1e-5);
                }
        }
    }

    [Theory]
    [InlineData(1030, 1, 517, 0f)]  // a weighted feature sum: [rows, features] @ [features, 1]
    [InlineData(1030, 1, 517, -1.5f)]
    [InlineData(1, 4099, 300, 0f)]  // one row times a matrix: more outputs than one accumulation chunk
    [InlineData(1, 4099, 300, 1f)]
    [InlineData(1, 1, 37, 0.5f)]
    public void CpuBackendGemm_SingleRowOrColumnOutput_MatchesFloat64Reference(int m, int n, int k, float beta)
    {
        // A one-row or one-column C takes the backend's own matrix-vector pass instead of the GEMM library.
        var backend = CpuBackend.Create();
        var av = Reference.RandomArray(m * k, 31);
        var bv = Reference.RandomArray(k * n, 32);
        var c0 = beta == 0f ? Enumerable.Repeat(float.NaN, m * n).ToArray() : Reference.RandomArray(m * n, 33);
        foreach (var (ta, tb) in Transposes)
        {
            using var scope = TensorScope.Begin();
            var a = ta ? Tensor.FromArray(av, k, m) : Tensor.FromArray(av, m, k);
            var b = tb ? Tensor.FromArray(bv, n, k) : Tensor.FromArray(bv, k, n);
            var c = Tensor.FromArray((float[])c0.Clone(), m, n);
            backend.Gemm(ta, tb, -0.75f, a, b, beta, c);
            var product = Reference.MatMul(av, a.Rows, a.Cols, ta, bv, b.Rows, b.Cols, tb);
            for (int i = 0; i < m * n; i++)
            {
                double expected = -0.75 * product[i] + (beta == 0f ? 0 : beta * (double)c0[i]);
                Assert.Equal(expected, c.Span[i], 1e-4);
            }
        }
    }

    [Fact]
    public void CpuBackendGemm_WithoutOpenBlas_RaisesNoticeOnce()
    {
        // The notice is process-wide and only raised when OpenBLAS is missing; with OpenBLAS present
        // it must never be raised.
        var notices = new List<string>();
        Action<string> handler = notices.Add;
        TensorBackend.Notice += handler;
        var backend = CpuBackend.Create();
        try
        {
            using var scope = TensorScope.Begin();
            var x = Tensor.Full(1f, 2, 2);
            var y = Tensor.Empty(2, 2);
            backend.Gemm(false, false, 1f, x, x, 0f, y);
            backend.Gemm(false, false, 1f, x, x, 0f, y);
            Assert.Equal(new[] { 2f, 2f, 2f, 2f }, y.Span.ToArray());
        }
        finally
        {
            TensorBackend.Notice -= handler;
        }
        var gemmNotices = notices.Where(s => s.Contains("OpenBLAS", StringComparison.Ordinal)).ToList();
        if (OpenBlasGemm.IsAvailable)
        {
            Assert.Empty(gemmNotices);
            Assert.False(CpuBackend.FallbackNoticeRaised);
        }
        else
        {
            // Another test may have raised it before this handler subscribed; either way, once.
            Assert.True(gemmNotices.Count <= 1, "the fallback notice must be raised at most once per process");
            Assert.True(CpuBackend.FallbackNoticeRaised);
            Assert.Contains("managed-simd", backend.Name);
        }
    }

    private static readonly (bool, bool)[] Transposes = [(false, false), (true, false), (false, true), (true, true)];

    private static IEnumerable<GemmFunction> Providers
    {
        get
        {
            yield return ManagedGemm.Gemm;
            yield return ManagedGemm.Gemm256;
            if (OpenBlasGemm.IsAvailable) yield return OpenBlasGemm.Gemm;
        }
    }

    /// <summary>
    /// Runs C = alpha op(A) op(B) + beta C and compares with a float64 reference. Tolerance: float32
    /// accumulation over k terms errs by about eps * sqrt(k) relative to sum |a||b| (random-walk
    /// rounding), so the bound is 1e-5 * sqrt(k) * (|alpha| sum_p |a_ip||b_pj| + |beta c|) plus a floor.
    /// </summary>
    private static void CheckAgainstReference(GemmFunction gemm, bool ta, bool tb, int m, int n, int k,
        float alpha, float beta, int seed, float? initialC = null)
    {
        int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
        var a = Reference.RandomArray(ar * ac, seed);
        var b = Reference.RandomArray(br * bc, seed + 1);
        var c0 = initialC is { } v ? Enumerable.Repeat(v, m * n).ToArray() : Reference.RandomArray(m * n, seed + 2);
        var c = (float[])c0.Clone();

        gemm(ta, tb, m, n, k, alpha, a, ac, b, bc, beta, c, n);

        var product = Reference.MatMul(a, ar, ac, ta, b, br, bc, tb);
        var absA = a.Select(Math.Abs).ToArray();
        var absB = b.Select(Math.Abs).ToArray();
        var scale = Reference.MatMul(absA, ar, ac, ta, absB, br, bc, tb);
        for (int i = 0; i < m * n; i++)
        {
            double old = beta == 0f ? 0 : (double)beta * c0[i];
            double expected = alpha * product[i] + old;
            double tolerance = 1e-5 * Math.Sqrt(k) * (Math.Abs(alpha) * scale[i] + Math.Abs(old)) + 1e-6;
            Assert.True(Math.Abs(c[i] - expected) <= tolerance,
                $"{(ta ? "T" : "N")}{(tb ? "T" : "N")} m={m} n={n} k={k}: C[{i / n}, {i % n}] = {c[i]}, expected {expected} (tolerance {tolerance:E2})");
        }
    }
}
