using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class ElementwiseTests
{
    public static TheoryData<string> BinaryOps => new() { "Add", "Sub", "Mul", "Div" };

    /// <summary>Operand shapes against an output [3, 17]: same, row [n], row [1, n], column [m, 1], scalar, and the outer case.</summary>
    public static TheoryData<string, int[], int[]> BroadcastCases()
    {
        var data = new TheoryData<string, int[], int[]>();
        int[][][] pairs =
        [
            [[3, 17], [3, 17]], [[3, 17], [17]], [[3, 17], [1, 17]], [[3, 17], [3, 1]], [[3, 17], []],
            [[17], [3, 17]], [[3, 1], [3, 17]], [[], [3, 17]], [[3, 1], [17]], [[5, 33], [33]], [[1, 1], [1, 1]], [[1], []],
        ];
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
            foreach (var p in pairs) data.Add(op, p[0], p[1]);
        return data;
    }

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => Ops.Add(a, b),
        "Sub" => Ops.Sub(a, b),
        "Mul" => Ops.Mul(a, b),
        _ => Ops.Div(a, b),
    };

    private static double Apply(string op, double a, double b) => op switch
    {
        "Add" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        _ => a / b,
    };

    private static int Len(int[] s) => s.Aggregate(1, (x, y) => x * y);

    private static (int R, int C) As2D(int[] s) => s.Length switch { 0 => (1, 1), 1 => (1, s[0]), _ => (s[0], s[1]) };

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Binary_Broadcast_MatchesFloat64Reference(string op, int[] aShape, int[] bShape)
    {
        using var scope = TensorScope.Begin();
        var av = Reference.RandomArray(Len(aShape), 1);
        var bv = OpInputs.AwayFrom(Len(bShape), 2, 0f, 0.2f); // keep divisors away from 0
        var y = Apply(op, Tensor.FromArray(av, aShape), Tensor.FromArray(bv, bShape));

        var (ar, ac) = As2D(aShape);
        var (br, bc) = As2D(bShape);
        int rows = Math.Max(ar, br), cols = Math.Max(ac, bc);
        Assert.Equal(rows * cols, y.Length);
        Assert.Equal(Math.Max(aShape.Length, bShape.Length), y.Rank);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double a = av[(ar == 1 ? 0 : i) * ac + (ac == 1 ? 0 : j)];
                double b = bv[(br == 1 ? 0 : i) * bc + (bc == 1 ? 0 : j)];
                OpInputs.AssertClose(Apply(op, a, b), y[i * cols + j], 1e-6, $"({i}, {j})");
            }
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Binary_Broadcast_GradientsMatchFiniteDifferences(string op, int[] aShape, int[] bShape)
    {
        GradCheck.Check(
            t => Apply(op, t[0], t[1]),
            [Reference.RandomArray(Len(aShape), 3), OpInputs.AwayFrom(Len(bShape), 4, 0f, 0.3f)],
            [aShape, bShape]);
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_SameTensorBothSides_GradientsAccumulate(string op)
    {
        GradCheck.Check(t => Apply(op, t[0], t[0]), [OpInputs.AwayFrom(5 * 33, 5, 0f, 0.3f)], [[5, 33]]);
    }

    [Fact]
    public void Binary_IncompatibleShapes_Throws()
    {
        using var scope = TensorScope.Begin();
        var ex = Assert.Throws<ArgumentException>(() => Ops.Add(Tensor.Zeros(3, 4), Tensor.Zeros(5)));
        Assert.Contains("[3, 4]", ex.Message);
    }

    [Fact]
    public void Binary_LargeRowBroadcast_MatchesSerialReference()
    {
        // 300 x 700 crosses the parallel threshold; the column-sum gradient is checked against float64.
        using var scope = TensorScope.Begin();
        const int m = 300, n = 700;
        var x = Tensor.Persistent(m, n);
        Reference.RandomArray(m * n, 6).CopyTo(x.Span);
        var bias = Tensor.Parameter("b", n);
        Reference.RandomArray(n, 7).CopyTo(bias.Span);
        var y = Ops.Sub(x, bias);
        for (int k = 0; k < m * n; k += 997) OpInputs.AssertClose((double)x[k] - bias[k % n], y[k], 1e-6);
        var w = Reference.RandomArray(m * n, 8);
        Ops.Sum(Ops.Mul(y, Tensor.FromArray(w, m, n))).Backward();
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s -= w[i * n + j];
            OpInputs.AssertClose(s, bias.Grad![j], 1e-5);
        }
    }

    [Fact]
    public void Mul_LargeByScalarTensor_ScalarGradientIsFloat64Total()
    {
        // 300 x 700 splits into several blocks; the scalar's gradient must combine all of them.
        const int m = 300, n = 700;
        var x = Tensor.Persistent(m, n);
        var xv = Reference.RandomArray(m * n, 13);
        xv.CopyTo(x.Span);
        var s = Tensor.Parameter("s");
        s.Span[0] = 2f;
        using (TensorScope.Begin()) Ops.Sum(Ops.Mul(x, s)).Backward();
        double expected = 0;
        foreach (var v in xv) expected += v;
        Assert.Equal((float)expected, s.Grad!.ToScalar());
    }

    [Fact]
    public void Where_MaskSelects_ForwardAndGradients()
    {
        const int n = 3 * 17;
        var mask = new float[n];
        for (int i = 0; i < n; i++) mask[i] = i % 3 == 0 ? 1f : 0f;
        using (TensorScope.Begin())
        {
            var a = Reference.RandomArray(n, 9);
            var b = Reference.RandomArray(n, 10);
            var y = Ops.Where(Tensor.FromArray(mask, 3, 17), Tensor.FromArray(a, 3, 17), Tensor.FromArray(b, 3, 17));
            for (int i = 0; i < n; i++) Assert.Equal(mask[i] != 0 ? a[i] : b[i], y[i]);
        }
        GradCheck.Check(t => Ops.Where(Tensor.FromArray(mask, 3, 17), t[0], t[1]),
            [Reference.RandomArray(n, 11), Reference.RandomArray(n, 12)], [[3, 17], [3, 17]]);
    }
}
