using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class UnaryTests
{
    public static TheoryData<string> Names => new()
    {
        "Neg", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Abs", "Square", "Sqrt", "Pow3", "PowHalf", "Clamp", "AddScalar", "MulScalar",
    };

    private static Tensor Apply(string name, Tensor x) => name switch
    {
        "Neg" => Ops.Neg(x),
        "Relu" => Ops.Relu(x),
        "Sigmoid" => Ops.Sigmoid(x),
        "Tanh" => Ops.Tanh(x),
        "Exp" => Ops.Exp(x),
        "Log" => Ops.Log(x),
        "Abs" => Ops.Abs(x),
        "Square" => Ops.Square(x),
        "Sqrt" => Ops.Sqrt(x),
        "Pow3" => Ops.Pow(x, 3f),
        "PowHalf" => Ops.Pow(x, 0.5f),
        "Clamp" => Ops.Clamp(x, -0.4f, 0.3f),
        "AddScalar" => Ops.AddScalar(x, 1.5f),
        _ => Ops.MulScalar(x, -2.5f),
    };

    private static double Reference64(string name, double x) => name switch
    {
        "Neg" => -x,
        "Relu" => Math.Max(x, 0),
        "Sigmoid" => 1 / (1 + Math.Exp(-x)),
        "Tanh" => Math.Tanh(x),
        "Exp" => Math.Exp(x),
        "Log" => Math.Log(x),
        "Abs" => Math.Abs(x),
        "Square" => x * x,
        "Sqrt" => Math.Sqrt(x),
        "Pow3" => x * x * x,
        "PowHalf" => Math.Sqrt(x),
        "Clamp" => Math.Clamp(x, -0.4, 0.3),
        "AddScalar" => x + 1.5,
        _ => x * -2.5,
    };

    /// <summary>Inputs valid for the op and away from its kinks.</summary>
    private static float[] Inputs(string name, int n, int seed) => name switch
    {
        "Log" or "Sqrt" or "PowHalf" => OpInputs.Positive(n, seed),
        "Clamp" => FixClamp(Reference.RandomArray(n, seed)),
        _ => OpInputs.AwayFrom(n, seed, 0f),
    };

    private static float[] FixClamp(float[] a)
    {
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(a[i] + 0.4f) < 0.05f || Math.Abs(a[i] - 0.3f) < 0.05f) a[i] = 0f;
        return a;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Unary_Forward_MatchesFloat64Reference(string name)
    {
        using var scope = TensorScope.Begin();
        var x = Inputs(name, 100_003, 1); // odd length, above the parallel threshold
        var y = Apply(name, Tensor.FromArray(x, x.Length));
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Reference64(name, x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name}({x[i]}) = {y[i]}, expected {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Unary_OddShapes_GradientsMatchFiniteDifferences(string name)
    {
        foreach (var (m, n) in new[] { (3, 17), (5, 33), (1, 1) })
            GradCheck.Check(t => Apply(name, t[0]), [Inputs(name, m * n, m + n)], [[m, n]]);
    }

    [Fact]
    public void Abs_AtZero_GradientIsZero()
    {
        var x = Tensor.Parameter("x", 3);
        x.Span[0] = 0f; x.Span[1] = 2f; x.Span[2] = -3f;
        using (TensorScope.Begin()) Ops.Sum(Ops.Abs(x)).Backward();
        Assert.Equal([0f, 1f, -1f], x.Grad!.ToArray());
    }

    [Fact]
    public void Clamp_OutsideRange_GradientIsZero()
    {
        var x = Tensor.Parameter("x", 4);
        new float[] { -2f, -0.5f, 0.5f, 2f }.CopyTo(x.Span);
        using (TensorScope.Begin()) Ops.Sum(Ops.Clamp(x, -1f, 1f)).Backward();
        Assert.Equal([0f, 1f, 1f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void Relu_LargeInput_GradientMasksNonPositive()
    {
        const int n = 1 << 17;
        var x = Tensor.Parameter("x", n);
        Reference.RandomArray(n, 3).CopyTo(x.Span);
        using (TensorScope.Begin()) Ops.Sum(Ops.Relu(x)).Backward();
        for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? 1f : 0f, x.Grad![i]);
    }
}
