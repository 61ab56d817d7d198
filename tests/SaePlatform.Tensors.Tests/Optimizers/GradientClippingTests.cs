using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Optimizers;

public sealed class GradientClippingTests
{
    private static Tensor WithGrad(string name, params float[] grad)
    {
        var p = Tensor.Parameter(name, grad.Length);
        p.Grad = Tensor.Wrap(grad, grad.Length);
        return p;
    }

    [Fact]
    public void ClipByGlobalNorm_NormAboveMax_ScalesAllGradsByMaxOverNorm()
    {
        // Global norm of (3, 4) and (12) is sqrt(9 + 16 + 144) = 13.
        var a = WithGrad("a", 3f, 4f);
        var b = WithGrad("b", 12f);
        var none = Tensor.Parameter("none", 2);
        float norm = GradientClipping.ClipByGlobalNorm([a, b, none], 1f);
        Assert.Equal(13f, norm);
        double c = 1.0 / (13 + 1e-6);
        Assert.Equal(3 * c, a.Grad![0], 1e-7);
        Assert.Equal(4 * c, a.Grad![1], 1e-7);
        Assert.Equal(12 * c, b.Grad![0], 1e-7);
        Assert.Null(none.Grad);
    }

    [Fact]
    public void ClipByGlobalNorm_NormBelowMax_LeavesGradsUnchanged()
    {
        var a = WithGrad("a", 3f, 4f);
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm([a], 5.1f));
        Assert.Equal([3f, 4f], a.Grad!.ToArray());
    }

    [Fact]
    public void ClipByGlobalNorm_LargeGradients_NormMatchesFloat64HandSum()
    {
        var g1 = Reference.RandomArray(300_001, 5);
        var g2 = Reference.RandomArray(17, 6);
        double sum = 0;
        foreach (var x in g1) sum += (double)x * x;
        foreach (var x in g2) sum += (double)x * x;
        var a = WithGrad("a", g1);
        var b = WithGrad("b", g2);
        Assert.Equal(Math.Sqrt(sum), GradientClipping.GlobalNorm([a, b]), 1e-9);
        float norm = GradientClipping.ClipByGlobalNorm([a, b], 1f);
        Assert.Equal((float)Math.Sqrt(sum), norm);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([a, b]), 1e-5);
    }

    [Fact]
    public void ClipByGlobalNorm_NonFiniteGradient_ReturnsNonFiniteNormAndLeavesGrads()
    {
        var a = WithGrad("a", 1f, float.PositiveInfinity);
        Assert.True(float.IsInfinity(GradientClipping.ClipByGlobalNorm([a], 1f)));
        Assert.Equal(1f, a.Grad![0]);
    }
}
