using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Tests.Support;

namespace SaePlatform.Plugins.Tests.Penalties;

public sealed class TanhPenaltyTests
{
    // mean over rows of sum_i tanh(c f_bi ||W_dec,i||), norms taken as 1 when absent.
    private static double Reference(double[] f, double[]? norms, int rows, double c)
    {
        int cols = f.Length / rows;
        double total = 0;
        for (int k = 0; k < f.Length; k++) total += Math.Tanh(c * f[k] * (norms?[k % cols] ?? 1));
        return total / rows;
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(0.5)]
    public void Compute_WithDecoderNorms_ValueAndGradientMatchFloat64(double c)
    {
        double[] f = [0.9, 0, 0.05, 0.1, 0.3, 0, 0.02, 1.2, 0, 0.4, 0.6, 0];

        PenaltyCheck.Check(new TanhPenalty(new TanhOptions { Scale = c }), f, rows: 3, norms: [0.5, 1, 1.5, 0.2],
            (x, n) => Reference(x, n, 3, c));
    }

    [Fact]
    public void Compute_WithoutNorms_IsUnweighted()
    {
        double[] f = [0.9, 0, 0.05, 0.1, 0.3, 0];

        PenaltyCheck.Check(new TanhPenalty(new TanhOptions()), f, rows: 2, norms: null, (x, _) => Reference(x, null, 2, 4));
    }
}
