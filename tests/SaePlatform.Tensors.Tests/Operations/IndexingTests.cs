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

    [Fact]
    public void GatherColumns_RepeatedIndices_CopiesColumnsAndScatterAddsGradient()
    {
        const int m = 4, n = 7;
        int[] columns = [6, 0, 6, 3];
        var x = Reference.RandomArray(m * n, 2);
        using (TensorScope.Begin())
        {
            var y = Ops.GatherColumns(Tensor.FromArray(x, m, n), columns);
            Assert.Equal([m, columns.Length], y.Shape.ToArray());
            for (int i = 0; i < m; i++)
                for (int j = 0; j < columns.Length; j++) Assert.Equal(x[i * n + columns[j]], y[i, j]);
        }
        GradCheck.Check(t => Ops.GatherColumns(t[0], columns), [x], [[m, n]]);
    }

    [Fact]
    public void GatherColumns_Vector_PicksEntriesAndPassesTheGradientBack()
    {
        var x = Tensor.Parameter("b", 5);
        float[] values = [1, 2, 3, 4, 5];
        values.CopyTo(x.Span);
        using (TensorScope.Begin())
        {
            var y = Ops.GatherColumns(x, [4, 1, 4]);
            Assert.Equal([3], y.Shape.ToArray());
            Assert.Equal([5f, 2f, 5f], y.ToArray());
            Ops.Sum(Ops.Mul(y, Tensor.FromArray([10f, 20f, 30f], 3))).Backward();
        }
        Assert.Equal([0f, 20f, 0f, 0f, 40f], x.Grad!.ToArray());
    }

    [Fact]
    public void GatherColumns_IndexOutOfRange_Throws()
    {
        using var scope = TensorScope.Begin();
        var ex = Assert.Throws<ArgumentException>(() => Ops.GatherColumns(Tensor.Zeros(3, 2), [1, 2]));
        Assert.Contains("index 2", ex.Message);
    }
}
