using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Tests.Optimizers;

public sealed class SgdTests
{
    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.0, 0.0, 0.01, false)]
    [InlineData(0.9, 0.0, 0.0, false)]
    [InlineData(0.9, 0.5, 0.01, false)]
    [InlineData(0.9, 0.0, 0.01, true)]
    public void Sgd_SeveralSteps_MatchesFloat64TorchReference(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        const double lr = 0.05;
        var ps = AdamTests.MakeParameters(50);
        var sgd = new Sgd(ps, new SgdOptions { LearningRate = lr, Momentum = momentum, Dampening = dampening, WeightDecay = weightDecay, Nesterov = nesterov });
        var values = ps.Select(p => Array.ConvertAll(p.ToArray(), x => (double)x)).ToArray();
        var buffers = ps.Select(p => new double[p.Length]).ToArray();
        for (int step = 1; step <= 5; step++)
        {
            for (int k = 0; k < ps.Length; k++)
            {
                var g = AdamTests.GradientFor(k, step, ps[k].Length);
                ps[k].Grad = Tensor.Wrap(g, ps[k].Shape.ToArray());
                // torch.optim.SGD (_single_tensor_sgd).
                for (int i = 0; i < g.Length; i++)
                {
                    double d = g[i] + weightDecay * values[k][i];
                    if (momentum != 0)
                    {
                        buffers[k][i] = step == 1 ? d : momentum * buffers[k][i] + (1 - dampening) * d;
                        d = nesterov ? d + momentum * buffers[k][i] : buffers[k][i];
                    }
                    values[k][i] -= lr * d;
                }
            }
            sgd.Step();
        }
        for (int k = 0; k < ps.Length; k++) AdamTests.AssertClose(values[k], ps[k]);
    }

    [Fact]
    public void Constructor_NesterovWithoutMomentum_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Sgd([Tensor.Parameter("w", 2)], new SgdOptions { Nesterov = true }));
    }
}
