using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class NormTests
{
    [Theory]
    [InlineData(3, 17)]
    [InlineData(5, 33)]
    [InlineData(1, 1)]
    public void Norms_OddShapes_GradientsMatchFiniteDifferences(int m, int n)
    {
        var x = OpInputs.AwayFrom(m * n, m + 2 * n, 0f, 0.1f);
        GradCheck.Check(t => Ops.RowNorms(t[0]), [x], [[m, n]]);
        GradCheck.Check(t => Ops.ColumnNorms(t[0]), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Norm(t[0]), [x], [[m, n]]);
    }

    [Fact]
    public void Norms_Values_MatchFloat64Reference()
    {
        using var scope = TensorScope.Begin();
        const int m = 300, n = 517; // above the parallel threshold
        var x = Reference.RandomArray(m * n, 1);
        var t = Tensor.FromArray(x, m, n);
        var rows = Ops.RowNorms(t);
        var cols = Ops.ColumnNorms(t);
        var colRef = new double[n];
        double all = 0;
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                double v = x[i * n + j];
                s += v * v;
                colRef[j] += v * v;
            }
            all += s;
            OpInputs.AssertClose(Math.Sqrt(s), rows[i], 1e-6);
        }
        for (int j = 0; j < n; j++) OpInputs.AssertClose(Math.Sqrt(colRef[j]), cols[j], 1e-6);
        OpInputs.AssertClose(Math.Sqrt(all), Ops.Norm(t).ToScalar(), 1e-6);
    }

    [Fact]
    public void Norms_ZeroRowAndColumn_GradientIsZeroNotNaN()
    {
        var w = Tensor.Parameter("w", 3, 4);
        float[] v = [0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0]; // row 0 and columns 1, 3 are zero
        v.CopyTo(w.Span);
        using (TensorScope.Begin())
        {
            var rows = Ops.RowNorms(w);
            var cols = Ops.ColumnNorms(w);
            Assert.Equal(0f, rows[0]);
            Assert.Equal(0f, cols[1]);
            Ops.Add(Ops.Sum(rows), Ops.Add(Ops.Sum(cols), Ops.Norm(Tensor.Zeros(2, 2).Detach()))).Backward();
        }
        foreach (var g in w.Grad!.ToArray()) Assert.True(float.IsFinite(g));
        Assert.Equal(0f, w.Grad![0, 0]);
        // Row 1 = (1, 0, 2, 0): d||row||/dx = x / sqrt(5); column 0 = (0, 1, 3): x / sqrt(10).
        OpInputs.AssertClose(1 / Math.Sqrt(5) + 1 / Math.Sqrt(10), w.Grad![1, 0], 1e-6);
    }

    [Fact]
    public void Norm_AllZero_GradientIsZero()
    {
        var x = Tensor.Parameter("x", 2, 3);
        using (TensorScope.Begin()) Ops.Norm(x).Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }
}
