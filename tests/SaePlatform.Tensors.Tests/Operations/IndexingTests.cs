using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class IndexingTests
{
    [Fact]
    public void GatherRows_RepeatedIndices_CopiesRowsAndScatterAddsGradient()
    {
        const int m = 5, n = 33;
        int[] rows = [4, 0, 4, 2, 4];
        var x = Reference.RandomArray(m * n, 1);
        using (TensorScope.Begin())
        {
            var y = Ops.GatherRows(Tensor.FromArray(x, m, n), rows);
            Assert.Equal([rows.Length, n], y.Shape.ToArray());
            for (int i = 0; i < rows.Length; i++)
                for (int j = 0; j < n; j++) Assert.Equal(x[rows[i] * n + j], y[i, j]);
        }
        GradCheck.Check(t => Ops.GatherRows(t[0], rows), [x], [[m, n]]);
    }

    [Fact]
    public void GatherRows_LargeScatter_MatchesSerialSum()
    {
        const int m = 64, n = 4099, k = 200;
        var rng = new Random(3);
        var rows = new int[k];
        for (int i = 0; i < k; i++) rows[i] = rng.Next(m);
        var x = Tensor.Parameter("x", m, n);
        var w = Reference.RandomArray(k * n, 4);
        using (TensorScope.Begin()) Ops.Sum(Ops.Mul(Ops.GatherRows(x, rows), Tensor.FromArray(w, k, n))).Backward();
        var expected = new float[m * n];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < n; j++) expected[rows[i] * n + j] += w[i * n + j];
        Assert.Equal(expected, x.Grad!.ToArray());
    }

    [Fact]
    public void GatherRows_IndexOutOfRange_Throws()
    {
        using var scope = TensorScope.Begin();
        var ex = Assert.Throws<ArgumentException>(() => Ops.GatherRows(Tensor.Zeros(3, 2), [1, 3]));
        Assert.Contains("index 3", ex.Message);
    }
}
