namespace SaePlatform.Tensors.Tests.Support;

/// <summary>Independent float64 reference computations and random inputs for tests.</summary>
internal static class Reference
{
    /// <summary>Uniform values in [-scale, scale] from a seeded System.Random (independent of the engine's RNG).</summary>
    public static float[] RandomArray(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return a;
    }

    /// <summary>Naive float64 product op(A) @ op(B) with A stored [ar, ac] and B stored [br, bc].</summary>
    public static double[] MatMul(float[] a, int ar, int ac, bool ta, float[] b, int br, int bc, bool tb)
    {
        int m = ta ? ac : ar, k = ta ? ar : ac, n = tb ? br : bc;
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * ac + i] : a[i * ac + p]) * (tb ? b[j * bc + p] : b[p * bc + j]);
                c[i * n + j] = s;
            }
        return c;
    }
}
