using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class FusedTests
{
    [Theory]
    [InlineData(3, 17, 5, false)]
    [InlineData(5, 33, 7, true)]
    [InlineData(1, 1, 1, false)]
    public void Linear_WithBias_GradientsMatchFiniteDifferences(int batch, int k, int n, bool transposeWeight)
    {
        int[] wShape = transposeWeight ? [n, k] : [k, n];
        GradCheck.Check(t => Ops.Linear(t[0], t[1], t[2], transposeWeight),
            [Reference.RandomArray(batch * k, 1), Reference.RandomArray(k * n, 2), Reference.RandomArray(n, 3)],
            [[batch, k], wShape, [n]]);
        GradCheck.Check(t => Ops.Linear(t[0], t[1], null, transposeWeight),
            [Reference.RandomArray(batch * k, 1), Reference.RandomArray(k * n, 2)],
            [[batch, k], wShape]);
    }

    [Theory]
    [InlineData(3, 17, 5, false)]
    [InlineData(5, 33, 7, true)]
    [InlineData(1, 1, 1, false)]
    public void LinearRelu_WithBias_GradientsMatchFiniteDifferences(int batch, int k, int n, bool transposeWeight)
    {
        // Pre-activations are kept away from the ReLU kink: the bias is ±0.5 and the inputs are small.
        int[] wShape = transposeWeight ? [n, k] : [k, n];
        var bias = OpInputs.AwayFrom(n, 4, 0f, 0.5f);
        var x = Reference.RandomArray(batch * k, 5, 0.5f / k);
        GradCheck.Check(t => Ops.LinearRelu(t[0], t[1], t[2], transposeWeight),
            [x, Reference.RandomArray(k * n, 6), bias], [[batch, k], wShape, [n]]);
    }

    [Theory]
    [InlineData(3, 17, 5, false)]
    [InlineData(5, 33, 7, true)]
    public void LinearAndLinearRelu_WithCenter_GradientsMatchFiniteDifferences(int batch, int k, int n, bool transposeWeight)
    {
        int[] wShape = transposeWeight ? [n, k] : [k, n];
        var x = Reference.RandomArray(batch * k, 7, 0.5f / k);
        var center = Reference.RandomArray(k, 8, 0.5f / k);
        var bias = OpInputs.AwayFrom(n, 9, 0f, 0.5f);
        var w = Reference.RandomArray(k * n, 10);
        // Every input differentiable, then x held constant (the SAE case, where the input GEMM is skipped).
        GradCheck.Check(t => Ops.Linear(t[0], t[1], t[2], transposeWeight, t[3]), [x, w, bias, center], [[batch, k], wShape, [n], [k]]);
        GradCheck.Check(t => Ops.LinearRelu(t[0], t[1], t[2], transposeWeight, t[3]), [x, w, bias, center], [[batch, k], wShape, [n], [k]]);
        var constantX = Tensor.FromArray(x, batch, k);
        GradCheck.Check(t => Ops.LinearRelu(constantX, t[0], t[1], transposeWeight, t[2]), [w, bias, center], [wShape, [n], [k]]);
        GradCheck.Check(t => Ops.Linear(constantX, t[0], null, transposeWeight, t[1]), [w, center], [wShape, [k]]);
    }

    [Fact]
    public void LinearRelu_WithCenter_MatchesSubThenLinearRelu()
    {
        const int batch = 40, k = 24, n = 70;
        Tensor Leaf(float[] v, params int[] shape) { var t = Tensor.Persistent(shape); v.CopyTo(t.Span); t.RequiresGrad = true; return t; }
        var x = Tensor.FromArray(Reference.RandomArray(batch * k, 11), batch, k);
        var w1 = Leaf(Reference.RandomArray(k * n, 12), k, n); var w2 = Leaf(w1.ToArray(), k, n);
        var b1 = Leaf(Reference.RandomArray(n, 13), n); var b2 = Leaf(b1.ToArray(), n);
        var c1 = Leaf(Reference.RandomArray(k, 14), k); var c2 = Leaf(c1.ToArray(), k);
        using (TensorScope.Begin())
        {
            var fused = Ops.LinearRelu(x, w1, b1, center: c1);
            var unfused = Ops.LinearRelu(Ops.Sub(x, c2), w2, b2);
            Assert.Equal(unfused.ToArray(), fused.ToArray());
            Ops.Sum(Ops.Square(fused)).Backward();
            Ops.Sum(Ops.Square(unfused)).Backward();
        }
        foreach (var (a, b) in new[] { (w1, w2), (b1, b2), (c1, c2) })
        {
            var ga = a.Grad!.ToArray(); var gb = b.Grad!.ToArray();
            for (int i = 0; i < ga.Length; i++) Assert.Equal(gb[i], ga[i], 1e-3f * Math.Max(1f, Math.Abs(gb[i])));
        }
    }

    [Fact]
    public void LinearRelu_MatchesUnfusedComposition()
    {
        const int batch = 64, k = 48, n = 1100; // [64, 1100] crosses the parallel threshold
        var xv = Reference.RandomArray(batch * k, 7);
        var wv = Reference.RandomArray(k * n, 8);
        var bv = Reference.RandomArray(n, 9);
        var gv = Reference.RandomArray(batch * n, 10);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(bool fused)
        {
            var x = Tensor.Parameter("x", batch, k); xv.CopyTo(x.Span);
            var w = Tensor.Parameter("w", k, n); wv.CopyTo(w.Span);
            var b = Tensor.Parameter("b", n); bv.CopyTo(b.Span);
            using var scope = TensorScope.Begin();
            var y = fused ? Ops.LinearRelu(x, w, b) : Ops.Relu(Ops.Add(Ops.MatMul(x, w), b));
            var yv = y.ToArray();
            Ops.Sum(Ops.Mul(y, Tensor.FromArray(gv, batch, n))).Backward();
            return (yv, x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
        }

        var f = Run(true);
        var u = Run(false);
        Assert.Equal(u.Y, f.Y);
        for (int i = 0; i < u.Dx.Length; i++) OpInputs.AssertClose(u.Dx[i], f.Dx[i], 1e-5);
        for (int i = 0; i < u.Dw.Length; i++) OpInputs.AssertClose(u.Dw[i], f.Dw[i], 1e-5);
        Assert.Equal(u.Db, f.Db); // both are float64 column sums of the same masked gradient
    }

    [Fact]
    public void LinearRelu_NaNInput_StaysNaNAsReluKeepsIt()
    {
        // A diverged input must not be silently zeroed by the fused ReLU, or divergence checks on the loss
        // could miss it. 13 columns: one vector of 8 and a scalar tail of 5.
        using var scope = TensorScope.Begin();
        const int k = 3, n = 13;
        var x = Tensor.FromArray([1f, float.NaN, 0.5f, 0.2f, 0.1f, -0.4f], 2, k);
        var w = Tensor.FromArray(Reference.RandomArray(k * n, 3), k, n);
        var b = Tensor.FromArray(Reference.RandomArray(n, 4), n);
        var fused = Ops.LinearRelu(x, w, b);
        var plain = Ops.Relu(Ops.Add(Ops.MatMul(x, w), b));
        for (int j = 0; j < n; j++)
        {
            Assert.True(float.IsNaN(fused[0, j]), $"column {j} of the NaN row is {fused[0, j]}");
            Assert.True(float.IsNaN(plain[0, j]));
            Assert.Equal(plain[1, j], fused[1, j]);
        }
    }

    [Fact]
    public void Linear_Values_MatchFloat64Reference()
    {
        using var scope = TensorScope.Begin();
        const int batch = 3, k = 17, n = 5;
        var x = Reference.RandomArray(batch * k, 11);
        var w = Reference.RandomArray(n * k, 12);
        var b = Reference.RandomArray(n, 13);
        var y = Ops.Linear(Tensor.FromArray(x, batch, k), Tensor.FromArray(w, n, k), Tensor.FromArray(b, n), transposeWeight: true);
        var xw = Reference.MatMul(x, batch, k, false, w, n, k, true);
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < n; j++) OpInputs.AssertClose(xw[i * n + j] + b[j], y[i, j], 1e-5);
    }

    [Fact]
    public void Linear_BadBias_Throws()
    {
        using var scope = TensorScope.Begin();
        Assert.Throws<ArgumentException>(() => Ops.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(3, 4), Tensor.Zeros(3)));
    }

    [Theory]
    [InlineData(3, 17)]
    [InlineData(5, 33)]
    [InlineData(1, 1)]
    public void SquaredErrorAndMse_GradientsMatchFiniteDifferences(int m, int n)
    {
        var a = Reference.RandomArray(m * n, 14);
        var b = Reference.RandomArray(m * n, 15);
        GradCheck.Check(t => Ops.SquaredErrorSum(t[0], t[1]), [a, b], [[m, n], [m, n]]);
        GradCheck.Check(t => Ops.MseLoss(t[0], t[1]), [a, b], [[m, n], [m, n]]);
        GradCheck.Check(t => Ops.MseLoss(t[0], t[0]), [a], [[m, n]]);
    }

    [Fact]
    public void MseLoss_Values_SumOverColumnsMeanOverRows()
    {
        using var scope = TensorScope.Begin();
        const int m = 257, n = 1031; // parallel path, odd sizes
        var a = Reference.RandomArray(m * n, 16);
        var b = Reference.RandomArray(m * n, 17);
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            s += d * d;
        }
        var ta = Tensor.FromArray(a, m, n);
        var tb = Tensor.FromArray(b, m, n);
        OpInputs.AssertClose(s, Ops.SquaredErrorSum(ta, tb).ToScalar(), 1e-6);
        OpInputs.AssertClose(s / m, Ops.MseLoss(ta, tb).ToScalar(), 1e-6);
        var unfused = Ops.Mean(Ops.Sum(Ops.Square(Ops.Sub(ta, tb)), 1));
        OpInputs.AssertClose(unfused.ToScalar(), Ops.MseLoss(ta, tb).ToScalar(), 1e-6);
    }
}
