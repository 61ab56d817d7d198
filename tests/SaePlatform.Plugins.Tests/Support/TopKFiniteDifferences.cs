namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// Central finite differences of a float64 loss over parameter arrays that the loss reads, and a
/// comparison of an engine gradient (float32) against them.
/// </summary>
internal static class TopKFiniteDifferences
{
    /// <summary>d loss / d p[i] for every element of <paramref name="parameter"/>, perturbing it in place.</summary>
    public static double[] Gradient(double[] parameter, Func<double> loss, double eps = 1e-6)
    {
        var grad = new double[parameter.Length];
        for (int i = 0; i < parameter.Length; i++)
        {
            double saved = parameter[i];
            parameter[i] = saved + eps;
            double up = loss();
            parameter[i] = saved - eps;
            double down = loss();
            parameter[i] = saved;
            grad[i] = (up - down) / (2 * eps);
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
