using SaePlatform.Plugins.Penalties;
using SaePlatform.Plugins.Tests.Support;

namespace SaePlatform.Plugins.Tests.Penalties;

public sealed class KlPenaltyTests
{
    // sum_i rho log(rho/rho_hat_i) + (1-rho) log((1-rho)/(1-rho_hat_i)), rho_hat_i the batch mean clamped to [eps, 1-eps].
    private static double Reference(double[] f, int rows, double rho, double eps)
    {
        int cols = f.Length / rows;
        double total = 0;
        for (int i = 0; i < cols; i++)
        {
            double m = 0;
            for (int b = 0; b < rows; b++) m += f[b * cols + i] / rows;
            m = Math.Clamp(m, eps, 1 - eps);
            total += rho * Math.Log(rho / m) + (1 - rho) * Math.Log((1 - rho) / (1 - m));
        }
        return total;
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void Compute_SigmoidLikeActivations_ValueAndGradientMatchFloat64(double rho)
    {
        double[] f = [0.9, 0.02, 0.5, 0.1, 0.7, 0.04, 0.3, 0.2, 0.8, 0.01, 0.6, 0.05];

        PenaltyCheck.Check(new KlPenalty(new KlOptions { Rho = rho }), f, rows: 3, norms: [1, 2, 3, 4],
            (x, _) => Reference(x, 3, rho, 1e-6));
    }

    [Fact]
    public void Compute_MeanEqualsTarget_IsZero()
    {
        double[] f = [0.05, 0.05, 0.05, 0.05];

        PenaltyCheck.Check(new KlPenalty(new KlOptions()), f, rows: 2, norms: null, (x, _) => Reference(x, 2, 0.05, 1e-6));
        Assert.Equal(0, Reference(f, 2, 0.05, 1e-6), 12);
    }

    [Fact]
    public void Compute_DeadFeature_StaysFiniteThroughTheClamp()
    {
        double[] f = [0, 0.2, 0, 0.4];

        PenaltyCheck.Check(new KlPenalty(new KlOptions { Eps = 1e-3 }), f, rows: 2, norms: null, (x, _) => Reference(x, 2, 0.05, 1e-3));
    }
}
