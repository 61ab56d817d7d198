using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Autograd;

/// <summary>A plugin-defined op: forward values computed by hand, backward supplied through GradNode.Record.</summary>
public sealed class CustomOpTests
{
    // softplus(x) = log(1 + e^x), d/dx = sigmoid(x); written here the way a plugin author would.
    private static Tensor Softplus(Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Span;
        var ys = y.Span;
        for (int i = 0; i < xs.Length; i++) ys[i] = (float)Math.Log(1 + Math.Exp(xs[i]));
        return GradNode.Record(y, "Softplus", (g, ctx) =>
        {
            var gx = ctx.Grad(0);
            var d = gx.Tensor.Span;
            var gs = g.Span;
            var input = ctx.Input(0).Span;
            for (int i = 0; i < d.Length; i++)
            {
                float v = gs[i] / (1 + MathF.Exp(-input[i]));
                d[i] = gx.Accumulate ? d[i] + v : v;
            }
        }, x);
    }

    [Fact]
    public void CustomOp_InsideAGraph_GradientMatchesFiniteDifferences()
    {
        GradCheck.Check(t => Ops.MatMul(Softplus(t[0]), t[1]), [Reference.RandomArray(3 * 5, 21, 2f), Reference.RandomArray(5 * 4, 22)], [[3, 5], [5, 4]]);
    }

    [Fact]
    public void CustomOp_UnderNoGrad_RecordsNothing()
    {
        var x = Tensor.Parameter("x", 4);
        using var scope = TensorScope.Begin();
        using (GradMode.Disable())
        {
            var y = Softplus(x);
            Assert.False(y.RequiresGrad);
            Assert.Null(y.Node);
            Assert.Equal(Math.Log(2), y[0], 6);
        }
    }

    [Fact]
    public void Backward_Twice_AccumulatesUntilZeroGrad()
    {
        var x = Tensor.Parameter("x", 3);
        x.Span.Fill(1f);
        for (int i = 0; i < 2; i++)
        {
            using var scope = TensorScope.Begin();
            Ops.Sum(Softplus(x)).Backward();
        }
        float sigmoid1 = 1 / (1 + MathF.Exp(-1));
        Assert.Equal(2 * sigmoid1, x.Grad![0], 6);
        x.ZeroGrad();
        Assert.Equal(0f, x.Grad![0]);
    }

    [Fact]
    public void Detach_CutsTheGradientPath()
    {
        var x = Tensor.Parameter("x", 2);
        x.Span.Fill(3f);
        using var scope = TensorScope.Begin();
        // loss = sum(x * detach(x)): d/dx = detach(x) = 3, not 2x = 6.
        Ops.Sum(Ops.Mul(x, x.Detach())).Backward();
        Assert.Equal(3f, x.Grad![0]);
    }
}
