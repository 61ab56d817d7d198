using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Tests.Support;

namespace SaePlatform.Plugins.Tests.Penalties;

public sealed class HoyerPenaltyTests
{
    // mean over rows of ||f_b||_1 / (||f_b||_2 + eps).
    private static double Reference(double[] f, int rows, double eps = 1e-8)
    {
        int cols = f.Length / rows;
        double total = 0;
        for (int b = 0; b < rows; b++)
        {
            double l1 = 0, l2 = 0;
            for (int i = 0; i < cols; i++)
            {
                l1 += Math.Abs(f[b * cols + i]);
                l2 += f[b * cols + i] * f[b * cols + i];
            }
            total += l1 / (Math.Sqrt(l2) + eps);
        }
        return total / rows;
    }

    [Fact]
    public void Compute_MixedRows_ValueAndGradientMatchFloat64()
    {
        double[] f = [0.9, -0.2, 0.5, 0.1, 0, 0, 1.3, 0, 0.25, 0.25, 0.25, -0.25];

        PenaltyCheck.Check(new HoyerPenalty(new HoyerOptions()), f, rows: 3, norms: [1, 2, 3, 4], (x, _) => Reference(x, 3));
    }

    [Fact]
    public void Compute_OneHotRowAgainstSpreadRow_OneHotCostsLess()
    {
        // The ratio is 1 for a single active feature and sqrt(n) for n equal ones, whatever the scale.
        double[] f = [5, 0, 0, 0, 0.1, 0.1, 0.1, 0.1];

        Assert.Equal(1.0, Reference(f[..4], 1), 6);
        Assert.Equal(2.0, Reference(f[4..], 1), 6);
        PenaltyCheck.Check(new HoyerPenalty(new HoyerOptions()), f, rows: 2, norms: null, (x, _) => Reference(x, 2));
    }

    [Fact]
    public void Compute_AllZeroRow_CostsZeroNotNaN()
    {
        double[] f = [0, 0, 0, 0.5, 0.5, 0];

        PenaltyCheck.Check(new HoyerPenalty(new HoyerOptions()), f, rows: 2, norms: null, (x, _) => Reference(x, 2));
    }
}
