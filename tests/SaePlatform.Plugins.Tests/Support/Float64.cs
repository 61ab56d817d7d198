namespace SaePlatform.Plugins.Tests.Support;

/// <summary>Row-major float64 linear algebra for the independent reference computations in tests.</summary>
internal static class Float64
{
    /// <summary>Values drawn uniformly from [-scale, scale], rounded to float32 so that both sides see the same numbers.</summary>
    public static double[] Random(Random rng, int count, double scale = 1, double offset = 0)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = (float)(offset + scale * (2 * rng.NextDouble() - 1));
        return v;
    }

    /// <summary>[m, k] x [k, n].</summary>
    public static double[] MatMul(double[] a, int m, int k, double[] b, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    /// <summary>[m, n] -> [n, m].</summary>
    public static double[] Transpose(double[] a, int m, int n)
    {
        var t = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    /// <summary>Adds <paramref name="bias"/> (length n) to every row of [m, n] <paramref name="a"/>, in place; returns a.</summary>
    public static double[] AddRow(double[] a, double[] bias)
    {
        int n = bias.Length;
        for (int i = 0; i < a.Length; i++) a[i] += bias[i % n];
        return a;
    }

    /// <summary>Rows of [m, n] minus <paramref name="row"/> (length n), or a copy when it is null.</summary>
    public static double[] SubRow(double[] a, double[]? row)
    {
        var c = (double[])a.Clone();
        if (row is null) return c;
        for (int i = 0; i < c.Length; i++) c[i] -= row[i % row.Length];
        return c;
    }

    /// <summary>L2 norm of each row of [m, n].</summary>
    public static double[] RowNorms(double[] a, int m, int n)
    {
        var norms = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i * n + j] * a[i * n + j];
            norms[i] = Math.Sqrt(s);
        }
        return norms;
    }

    /// <summary>SAE_REFERENCE.md "MSE": squared error summed over columns, averaged over <paramref name="rows"/>.</summary>
    public static double Mse(double[] a, double[] b, int rows)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s / rows;
    }

    /// <summary>Float32 copy.</summary>
    public static float[] ToFloat(double[] a)
    {
        var f = new float[a.Length];
        for (int i = 0; i < a.Length; i++) f[i] = (float)a[i];
        return f;
    }
}
