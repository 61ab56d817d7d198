using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Optimizers;

public sealed class AdamTests
{
    // Odd lengths exercise the 512-bit, 256-bit and scalar tails; 140000 crosses the parallel threshold.
    private static readonly int[][] Shapes = [[1], [7], [3, 11], [1000], [700, 200]];

    internal static Tensor[] MakeParameters(int seed)
    {
        var ps = new Tensor[Shapes.Length];
        for (int i = 0; i < Shapes.Length; i++)
        {
            ps[i] = Tensor.Parameter($"p{i}", Shapes[i]);
            Reference.RandomArray(ps[i].Length, seed + i).CopyTo(ps[i].Span);
        }
        return ps;
    }

    internal static float[] GradientFor(int parameter, int step, int length) => Reference.RandomArray(length, 1000 * step + parameter, scale: 0.5f);

    internal static void AssertClose(double[] expected, Tensor actual, double tolerance = 1e-6)
    {
        var a = actual.Span;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(a[i] - expected[i]);
            Assert.True(err <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{actual.Name}[{i}]: {a[i]} vs reference {expected[i]} (error {err:E2})");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Adam_SeveralSteps_MatchesFloat64TorchReference(double weightDecay)
    {
        var ps = MakeParameters(10);
        var options = new AdamOptions { LearningRate = 0.01, WeightDecay = weightDecay };
        var adam = new Adam(ps, options);
        var refs = ps.Select(p => new AdamReference(p.ToArray(), 0.01, 0.9, 0.999, 1e-8, weightDecay, decoupled: false)).ToArray();
        RunAndCompare(adam, ps, refs, steps: 6);
    }

    [Fact]
    public void AdamW_SeveralSteps_MatchesFloat64TorchReference()
    {
        var ps = MakeParameters(20);
        var adamW = new AdamW(ps, new AdamWOptions { LearningRate = 0.02, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1 });
        var refs = ps.Select(p => new AdamReference(p.ToArray(), 0.02, 0.8, 0.99, 1e-8, 0.1, decoupled: true)).ToArray();
        RunAndCompare(adamW, ps, refs, steps: 6);
    }

    [Fact]
    public void AdamW_Defaults_AreTorchDefaults()
    {
        var o = new AdamWOptions();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.01), (o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay));
        var a = new AdamOptions();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay));
    }

    [Fact]
    public void Adam_FirstStep_MovesEveryElementByLearningRate()
    {
        // Bias correction makes the first Adam step lr * g / (|g| + eps): a move of lr against the gradient sign.
        var p = Tensor.Parameter("w", 9);
        var grad = Reference.RandomArray(9, 3);
        p.Grad = Tensor.Wrap(grad, 9);
        new Adam([p], new AdamOptions { LearningRate = 0.5 }).Step();
        for (int i = 0; i < 9; i++) Assert.Equal(-0.5 * Math.Sign(grad[i]), p[i], 1e-6);
    }

    [Fact]
    public void Step_ParameterWithoutLiveGradient_IsSkippedAndKeepsItsOwnStepCount()
    {
        var a = Tensor.Parameter("a", 5);
        var b = Tensor.Parameter("b", 5);
        var c = Tensor.Parameter("c", 5);
        var adam = new Adam([a, b, c], new AdamOptions { LearningRate = 0.1 });
        c.Grad = Tensor.Wrap(new float[5], 5);
        c.ZeroGrad(); // zeroed and never written by a backward pass: torch's set_to_none would skip it
        for (int step = 1; step <= 3; step++)
        {
            a.Grad = Tensor.Wrap(GradientFor(0, step, 5), 5);
            adam.Step();
        }
        Assert.All(b.ToArray(), x => Assert.Equal(0f, x));
        Assert.All(c.ToArray(), x => Assert.Equal(0f, x));

        // b's first gradient arrives at optimiser step 4: its bias correction must use its own t = 1.
        var bGrad = Reference.RandomArray(5, 77);
        b.Grad = Tensor.Wrap(bGrad, 5);
        adam.Step();
        for (int i = 0; i < 5; i++) Assert.Equal(-0.1 * Math.Sign(bGrad[i]), b[i], 1e-6);
        Assert.Equal(4, adam.StepCount);
        var state = adam.ExportState();
        Assert.Equal(4, state.ParameterSteps["a"]);
        Assert.Equal(1, state.ParameterSteps["b"]);
        Assert.False(state.ParameterSteps.ContainsKey("c"));
    }

    [Fact]
    public void LearningRate_SetBetweenSteps_IsUsedByTheNextStep()
    {
        var ps = MakeParameters(30);
        var adam = new Adam(ps);
        double[] schedule = [0.01, 0.005, 0.0, 0.02];
        // A reference per schedule: replay each step with its own lr.
        var values = ps.Select(p => Array.ConvertAll(p.ToArray(), x => (double)x)).ToArray();
        var m = ps.Select(p => new double[p.Length]).ToArray();
        var v = ps.Select(p => new double[p.Length]).ToArray();
        for (int step = 1; step <= schedule.Length; step++)
        {
            adam.LearningRate = schedule[step - 1];
            for (int k = 0; k < ps.Length; k++)
            {
                var g = GradientFor(k, step, ps[k].Length);
                ps[k].Grad = Tensor.Wrap(g, ps[k].Shape.ToArray());
                double b1 = 1 - Math.Pow(0.9, step), b2 = 1 - Math.Pow(0.999, step);
                for (int i = 0; i < g.Length; i++)
                {
                    m[k][i] = 0.9 * m[k][i] + 0.1 * g[i];
                    v[k][i] = 0.999 * v[k][i] + 0.001 * (double)g[i] * g[i];
                    values[k][i] -= schedule[step - 1] / b1 * m[k][i] / (Math.Sqrt(v[k][i]) / Math.Sqrt(b2) + 1e-8);
                }
            }
            adam.Step();
        }
        for (int k = 0; k < ps.Length; k++) AssertClose(values[k], ps[k]);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = double.NaN);
    }

    [Fact]
    public void ZeroGrad_AfterStep_MarksEveryGradientStale()
    {
        var ps = MakeParameters(40);
        var adam = new Adam(ps);
        foreach (var p in ps) p.Grad = Tensor.Wrap(new float[p.Length], p.Shape.ToArray());
        adam.ZeroGrad();
        var before = ps.Select(p => p.ToArray()).ToArray();
        adam.Step();
        for (int k = 0; k < ps.Length; k++) Assert.Equal(before[k], ps[k].ToArray());
    }

    [Fact]
    public void Constructor_DuplicateNamesOrBadOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Adam([Tensor.Parameter("w", 2), Tensor.Parameter("w", 3)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([Tensor.Parameter("w", 2)], new AdamOptions { Beta1 = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([Tensor.Parameter("w", 2)], new AdamWOptions { WeightDecay = -1 }));
    }

    private static void RunAndCompare(IOptimizer optimizer, Tensor[] ps, AdamReference[] refs, int steps)
    {
        for (int step = 1; step <= steps; step++)
        {
            optimizer.ZeroGrad();
            for (int k = 0; k < ps.Length; k++)
            {
                var g = GradientFor(k, step, ps[k].Length);
                ps[k].Grad = Tensor.Wrap(g, ps[k].Shape.ToArray());
                refs[k].Step(g);
            }
            optimizer.Step();
        }
        for (int k = 0; k < ps.Length; k++) AssertClose(refs[k].Values, ps[k]);
        Assert.Equal(steps, optimizer.StepCount);
    }
}
