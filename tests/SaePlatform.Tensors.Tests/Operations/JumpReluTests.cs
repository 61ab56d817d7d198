using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class JumpReluTests
{
    private const float Eps = 0.05f;

    /// <summary>h near theta (inside and outside the kernel window) and far from it, for several columns.</summary>
    private static (float[] H, float[] Theta) Data(int rows, int n, int seed)
    {
        var rng = new Random(seed);
        var theta = new float[n];
        for (int j = 0; j < n; j++) theta[j] = 0.01f + (float)rng.NextDouble() * 0.5f;
        var h = new float[rows * n];
        for (int i = 0; i < h.Length; i++)
            h[i] = theta[i % n] + (float)(rng.NextDouble() * 2 - 1) * (i % 3 == 0 ? 1f : 0.06f);
        return (h, theta);
    }

    [Theory]
    [InlineData(4, 5, false)]
    [InlineData(33, 300, false)] // several bands, vector and scalar columns, parallel
    [InlineData(4, 5, true)]
    [InlineData(33, 300, true)]
    public void JumpReluAndStep_ForwardAndGradients_MatchHandFormula(int rows, int n, bool step)
    {
        using var scope = Scope();
        var (hData, thetaData) = Data(rows, n, rows + n);
        var h = Leaf(hData, rows, n);
        var theta = Leaf(thetaData, n);
        var y = step ? Ops.Step(h, theta, Eps) : Ops.JumpRelu(h, theta, Eps);
        for (int i = 0; i < hData.Length; i++)
        {
            bool above = hData[i] > thetaData[i % n];
            Assert.Equal(above ? (step ? 1f : hData[i]) : 0f, y.Span[i]);
        }

        var g = BackwardWithProjection(y, 4);
        var dTheta = new double[n];
        for (int i = 0; i < hData.Length; i++)
        {
            int j = i % n;
            double u = ((double)hData[i] - thetaData[j]) / Eps;
            if (Math.Abs(u) < 0.5) dTheta[j] += -(step ? 1.0 : thetaData[j]) / Eps * g[i];
        }
        for (int j = 0; j < n; j++) AssertClose(dTheta[j], theta.Grad![j], 1e-4, $"dtheta[{j}]");
        if (step)
        {
            Assert.True(h.Grad is null || h.Grad.ToArray().All(v => v == 0f));
            return;
        }
        for (int i = 0; i < hData.Length; i++)
            Assert.Equal(hData[i] > thetaData[i % n] ? g[i] : 0f, h.Grad![i]);
    }

    [Fact]
    public void JumpRelu_AwayFromThreshold_GradientToHMatchesFiniteDifferences()
    {
        float[] h = [0.5f, -0.3f, 0.2f, 0.9f, 0.05f, -0.7f];
        float[] theta = [0.1f, 0.3f, 0.6f];
        using var scope = Scope();
        var th = Tensor.FromArray(theta, 3);
        GradCheck.Check(t => Ops.JumpRelu(t[0], th, Eps), [h], [[2, 3]]);
    }

    [Fact]
    public void JumpRelu_LargeInput_BitIdenticalAcrossRuns()
    {
        (float[] Y, float[] Dh, float[] Dt) Run()
        {
            using var scope = Scope();
            var (hData, thetaData) = Data(200, 700, 1);
            var h = Leaf(hData, 200, 700);
            var theta = Leaf(thetaData, 700);
            var y = Ops.JumpRelu(h, theta, Eps);
            BackwardWithProjection(y, 2);
            return (y.ToArray(), h.Grad!.ToArray(), theta.Grad!.ToArray());
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Y, b.Y);
        Assert.Equal(a.Dh, b.Dh);
        Assert.Equal(a.Dt, b.Dt);
    }

    [Fact]
    public void JumpRelu_MismatchedThreshold_Throws()
    {
        using var scope = Scope();
        var ex = Assert.Throws<ArgumentException>(() => Ops.JumpRelu(Tensor.Zeros(2, 3), Tensor.Zeros(4)));
        Assert.Contains("threshold", ex.Message);
    }
}
