using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class ReductionTests
{
    [Theory]
    [InlineData(3, 17)]
    [InlineData(5, 33)]
    [InlineData(1, 1)]
    public void SumAndMean_AllAxes_GradientsMatchFiniteDifferences(int m, int n)
    {
        var x = Reference.RandomArray(m * n, m * 31 + n);
        GradCheck.Check(t => Ops.Sum(t[0]), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Mean(t[0]), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Sum(t[0], 0), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Sum(t[0], 1), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Mean(t[0], 0), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Mean(t[0], 1), [x], [[m, n]]);
        GradCheck.Check(t => Ops.Sum(t[0], 0), [x], [[m * n]]);
    }

    [Fact]
    public void SumAxis_Values_MatchFloat64Reference()
    {
        using var scope = TensorScope.Begin();
        const int m = 5, n = 33;
        var x = Reference.RandomArray(m * n, 1);
        var t = Tensor.FromArray(x, m, n);
        var cols = Ops.Sum(t, 0);
        var rows = Ops.Mean(t, 1);
        Assert.Equal([n], cols.Shape.ToArray());
        Assert.Equal([m], rows.Shape.ToArray());
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += x[i * n + j];
            OpInputs.AssertClose(s, cols[j], 1e-6);
        }
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += x[i * n + j];
            OpInputs.AssertClose(s / n, rows[i], 1e-6);
        }
    }

    [Fact]
    public void Sum_OneMillionElements_MatchesFloat64Sum()
    {
        using var scope = TensorScope.Begin();
        const int n = 1 << 20;
        var x = Reference.RandomArray(n, 2);
        for (int i = 0; i < n; i++) x[i] += 0.25f; // a non-zero mean makes float32 accumulation drift visibly
        double expected = 0;
        foreach (var v in x) expected += v;
        var t = Tensor.FromArray(x, n);
        // float64 accumulation: only the final rounding to float32 remains.
        Assert.Equal((float)expected, Ops.Sum(t).ToScalar());
        OpInputs.AssertClose(expected / n, Ops.Mean(t).ToScalar(), 1e-6);
    }

    [Fact]
    public void SumAxis_LargeMatrix_MatchesFloat64Sums()
    {
        using var scope = TensorScope.Begin();
        const int m = 1025, n = 1023; // > 1<<20 elements, odd sizes, parallel path
        var x = Reference.RandomArray(m * n, 3);
        var t = Tensor.FromArray(x, m, n);
        var cols = Ops.Sum(t, 0);
        var rows = Ops.Sum(t, 1);
        var colRef = new double[n];
        for (int i = 0; i < m; i++)
        {
            double rs = 0;
            for (int j = 0; j < n; j++)
            {
                rs += x[i * n + j];
                colRef[j] += x[i * n + j];
            }
            Assert.Equal((float)rs, rows[i]);
        }
        for (int j = 0; j < n; j++) Assert.Equal((float)colRef[j], cols[j]);
    }

    [Fact]
    public void Reductions_Repeated_AreBitIdentical()
    {
        using var scope = TensorScope.Begin();
        const int m = 2048, n = 777;
        var t = Tensor.FromArray(Reference.RandomArray(m * n, 4), m, n);
        var first = (Ops.Sum(t).ToScalar(), OpInputs.Bits(Ops.Sum(t, 0)), OpInputs.Bits(Ops.Sum(t, 1)), Ops.SquaredErrorSum(t, Ops.Scale(t, 0.5f)).ToScalar());
        for (int run = 0; run < 5; run++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(first.Item1), BitConverter.SingleToInt32Bits(Ops.Sum(t).ToScalar()));
            Assert.Equal(first.Item2, OpInputs.Bits(Ops.Sum(t, 0)));
            Assert.Equal(first.Item3, OpInputs.Bits(Ops.Sum(t, 1)));
            Assert.Equal(first.Item4, Ops.SquaredErrorSum(t, Ops.Scale(t, 0.5f)).ToScalar());
        }
    }

    [Fact]
    public void Sum_ColumnSumsUnderContention_AreBitIdentical()
    {
        // The same column sums computed while other threads compete for the cores: block partials are
        // combined in block order, so scheduling cannot change the bits.
        const int m = 4096, n = 300;
        var x = Tensor.Wrap(Reference.RandomArray(m * n, 5), m, n);
        int[] expected;
        using (TensorScope.Begin()) expected = OpInputs.Bits(Ops.Sum(x, 0));
        var results = new int[4][];
        Parallel.For(0, 4, k =>
        {
            using var s = TensorScope.Begin();
            results[k] = OpInputs.Bits(Ops.Sum(x, 0));
        });
        foreach (var r in results) Assert.Equal(expected, r);
    }

    [Fact]
    public void SumAxis_BadAxis_Throws()
    {
        using var scope = TensorScope.Begin();
        Assert.Throws<ArgumentException>(() => Ops.Sum(Tensor.Zeros(3, 4), 2));
    }
}
