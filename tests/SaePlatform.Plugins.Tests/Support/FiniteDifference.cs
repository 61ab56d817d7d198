namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// Central finite differences of a float64 function of named parameter arrays (the test's own reference
/// loss), so the numeric gradient carries no float32 round-off; the function reads the arrays when called.
/// Also the comparison of an engine gradient (float32) against them.
/// </summary>
internal static class FiniteDifference
{
    /// <summary>d f / d values[j] for every j, by (f(v + h) - f(v - h)) / 2h; the values are restored.</summary>
    public static double[] Gradient(double[] values, Func<double> f, double step = 1e-6)
    {
        var grad = new double[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            double saved = values[j];
            values[j] = saved + step;
            double plus = f();
            values[j] = saved - step;
            double minus = f();
            values[j] = saved;
            grad[j] = (plus - minus) / (2 * step);
        }
        return grad;
    }

    /// <summary>Asserts |actual - expected| &lt;= atol + rtol |expected| element-wise, naming the element.</summary>
    public static void AssertClose(string what, double[] expected, ReadOnlySpan<float> actual, double rtol = 2e-3, double atol = 2e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"{what}[{i}]: engine {actual[i]:G9}, reference {expected[i]:G9}");
    }
}
