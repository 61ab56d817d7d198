using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

/// <summary>Random inputs shaped for the operation tests.</summary>
internal static class OpInputs
{
    /// <summary>Odd shapes (not multiples of the SIMD width) that every gradient test runs on.</summary>
    public static TheoryData<int, int> OddShapes => new() { { 3, 17 }, { 5, 33 }, { 1, 1 } };

    /// <summary>Random values at least <paramref name="margin"/> away from <paramref name="kink"/>, so finite differences do not straddle it.</summary>
    public static float[] AwayFrom(int n, int seed, float kink, float margin = 0.05f)
    {
        var a = Reference.RandomArray(n, seed);
        for (int i = 0; i < n; i++)
            if (Math.Abs(a[i] - kink) < margin) a[i] = kink + (a[i] >= kink ? margin : -margin);
        return a;
    }

    /// <summary>Random values in [lo, lo + width).</summary>
    public static float[] Positive(int n, int seed, float lo = 0.5f, float width = 1.5f)
    {
        var a = Reference.RandomArray(n, seed);
        for (int i = 0; i < n; i++) a[i] = lo + (a[i] + 1) / 2 * width;
        return a;
    }

    /// <summary>Asserts |actual - expected| &lt;= tolerance * max(1, |expected|).</summary>
    public static void AssertClose(double expected, double actual, double tolerance = 1e-5, string? what = null) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:G9}, got {actual:G9}");

    /// <summary>Exact float bits of a tensor, for determinism checks.</summary>
    public static int[] Bits(Tensor t)
    {
        var s = t.Span;
        var bits = new int[s.Length];
        for (int i = 0; i < s.Length; i++) bits[i] = BitConverter.SingleToInt32Bits(s[i]);
        return bits;
    }
}
