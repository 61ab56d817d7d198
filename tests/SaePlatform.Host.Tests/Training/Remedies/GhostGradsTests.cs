using SaePlatform.Host.Training.Remedies;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Host.Tests.Training.Remedies;

/// <summary>
/// The ghost-grads term against a float64 reference written from the write-up: its value, and its gradient with
/// respect to every parameter by central finite differences of the float64 loss (the per-row scale and the loss
/// rescaling held fixed, as the detached factors are).
/// </summary>
public sealed class GhostGradsTests
{
    private const int DIn = 3, DSae = 5, Rows = 4;
    private static readonly int[] Dead = [1, 3];

    private sealed record Parameters(double[] WEnc, double[] BEnc, double[] WDec, double[] BDec);

    // g_b = exp((x_b - b_dec) W_enc[:, dead] + b_enc[dead]) W_dec[dead, :]
    private static double[,] Ghost(Parameters p, float[] x)
    {
        var g = new double[Rows, DIn];
        for (int b = 0; b < Rows; b++)
            foreach (int f in Dead)
            {
                double h = p.BEnc[f];
                for (int i = 0; i < DIn; i++) h += (x[b * DIn + i] - p.BDec[i]) * p.WEnc[i * DSae + f];
                for (int j = 0; j < DIn; j++) g[b, j] += Math.Exp(h) * p.WDec[f * DIn + j];
            }
        return g;
    }

    private static double Norm(double[,] m, int b)
    {
        double s = 0;
        for (int j = 0; j < DIn; j++) s += m[b, j] * m[b, j];
        return Math.Sqrt(s);
    }

    // The term with the detached factors fixed at p0: factor * mean_b ||s_b g_b(p) - r_b||^2.
    private static double Loss(Parameters p, float[] x, double[,] r, double[] scale, double factor)
    {
        var g = Ghost(p, x);
        double sum = 0;
        for (int b = 0; b < Rows; b++)
            for (int j = 0; j < DIn; j++)
            {
                double d = scale[b] * g[b, j] - r[b, j];
                sum += d * d;
            }
        return factor * sum / Rows;
    }

    [Fact]
    public void Loss_ValueAndGradients_MatchTheFloat64ReferenceOfTheWriteUp()
    {
        var sae = TinyRemedySae.Create(DIn, DSae, seed: 5);
        var random = new Random(11);
        var x = new float[Rows * DIn];
        var xHat = new float[Rows * DIn];
        for (int e = 0; e < x.Length; e++)
        {
            x[e] = (float)(random.NextDouble() * 2 - 1);
            xHat[e] = x[e] * 0.6f + (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        float value;
        using (TensorScope.Begin())
        {
            var term = GhostGrads.Loss(sae, Tensor.FromArray(x, Rows, DIn), Tensor.FromArray(xHat, Rows, DIn), IndexTensor.FromArray(Dead));
            value = term.ToScalar();
            term.Backward();
        }

        double[] D(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
        var p0 = new Parameters(D(sae.W.WEnc), D(sae.W.BEnc), D(sae.W.WDec), D(sae.W.BDec));
        var r = new double[Rows, DIn];
        double mse = 0;
        for (int b = 0; b < Rows; b++)
            for (int j = 0; j < DIn; j++)
            {
                r[b, j] = x[b * DIn + j] - (double)xHat[b * DIn + j];
                mse += r[b, j] * r[b, j] / Rows;
            }
        var g0 = Ghost(p0, x);
        var scale = new double[Rows];
        for (int b = 0; b < Rows; b++)
        {
            double rn = 0;
            for (int j = 0; j < DIn; j++) rn += r[b, j] * r[b, j];
            scale[b] = Math.Sqrt(rn) / (2 * Norm(g0, b) + 1e-6);
        }
        double ghostMse = Loss(p0, x, r, scale, 1.0);
        double factor = mse / (ghostMse + 1e-6);
        double expected = Loss(p0, x, r, scale, factor);

        Assert.Equal(expected, value, expected * 1e-5);
        Assert.Equal(mse, value, mse * 1e-4);   // the rescaling makes the term's value the MSE term's

        void CheckGradient(Tensor parameter, double[] values, string name)
        {
            var grad = parameter.Grad!.ToArray();
            for (int e = 0; e < values.Length; e++)
            {
                double keep = values[e];
                values[e] = keep + 1e-6;
                double up = Loss(p0, x, r, scale, factor);
                values[e] = keep - 1e-6;
                double down = Loss(p0, x, r, scale, factor);
                values[e] = keep;
                double numeric = (up - down) / 2e-6;
                Assert.True(Math.Abs(grad[e] - numeric) <= 1e-4 + 1e-3 * Math.Abs(numeric),
                    $"d/d {name}[{e}]: autograd {grad[e]}, float64 finite difference {numeric}");
            }
        }
        CheckGradient(sae.W.WEnc, p0.WEnc, "W_enc");
        CheckGradient(sae.W.BEnc, p0.BEnc, "b_enc");
        CheckGradient(sae.W.WDec, p0.WDec, "W_dec");
        CheckGradient(sae.W.BDec, p0.BDec, "b_dec");

        // Only the dead features' encoder columns and decoder rows move.
        var wEncGrad = sae.W.WEnc.Grad!.ToArray();
        var wDecGrad = sae.W.WDec.Grad!.ToArray();
        for (int f = 0; f < DSae; f++)
        {
            bool dead = Dead.Contains(f);
            Assert.Equal(dead, Enumerable.Range(0, DIn).Any(i => wEncGrad[i * DSae + f] != 0));
            Assert.Equal(dead, Enumerable.Range(0, DIn).Any(j => wDecGrad[f * DIn + j] != 0));
        }
        Assert.True(sae.Gain.Grad is null || sae.Gain.Grad.ToArray().All(v => v == 0), "gain is not on the ghost path");
    }
}
