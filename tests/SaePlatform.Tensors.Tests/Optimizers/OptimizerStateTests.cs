using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Tests.Optimizers;

public sealed class OptimizerStateTests
{
    public static TheoryData<string> Kinds => new() { "adam", "adamw", "sgd" };

    private static IOptimizer Create(string kind, Tensor[] ps) => kind switch
    {
        "adam" => new Adam(ps, new AdamOptions { LearningRate = 0.01 }),
        "adamw" => new AdamW(ps, new AdamWOptions { LearningRate = 0.01 }),
        _ => new Sgd(ps, new SgdOptions { LearningRate = 0.01, Momentum = 0.9 }),
    };

    private static void Step(IOptimizer o, Tensor[] ps, int step)
    {
        o.ZeroGrad();
        for (int k = 0; k < ps.Length; k++) ps[k].Grad = Tensor.Wrap(AdamTests.GradientFor(k, step, ps[k].Length), ps[k].Shape.ToArray());
        o.Step();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ImportState_IntoFreshOptimizer_ContinuesWithIdenticalUpdates(string kind)
    {
        var original = AdamTests.MakeParameters(60);
        var opt = Create(kind, original);
        for (int s = 1; s <= 3; s++) Step(opt, original, s);
        var state = opt.ExportState();

        // A "restarted" run: parameters restored from the checkpoint, a new optimiser, imported state.
        var restored = original.Select(p => { var c = Tensor.Parameter(p.Name!, p.Shape.ToArray()); p.Span.CopyTo(c.Span); return c; }).ToArray();
        var resumed = Create(kind, restored);
        resumed.ImportState(state);
        Assert.Equal(3, resumed.StepCount);
        for (int s = 4; s <= 6; s++)
        {
            Step(opt, original, s);
            Step(resumed, restored, s);
        }
        for (int k = 0; k < original.Length; k++) Assert.Equal(original[k].ToArray(), restored[k].ToArray());
    }

    [Fact]
    public void ExportState_AdamKeys_UseTorchBufferNames()
    {
        var w = Tensor.Parameter("W_dec", 3, 4);
        var adam = new Adam([w]);
        w.Grad = Tensor.Wrap(new float[12], 3, 4);
        adam.Step();
        var state = adam.ExportState();
        Assert.Equal(["W_dec/exp_avg", "W_dec/exp_avg_sq"], state.Buffers.Keys.Order());
        Assert.Equal(12, state.Buffers["W_dec/exp_avg"].Length);
        Assert.Equal(1, state.StepCount);
    }

    [Fact]
    public void ImportState_UnknownKeyOrWrongLength_ThrowsAndLeavesStateUntouched()
    {
        var w = Tensor.Parameter("w", 4);
        var adam = new Adam([w]);
        w.Grad = Tensor.Wrap([1f, 2f, 3f, 4f], 4);
        adam.Step();
        var good = adam.ExportState();
        var unknown = good with { Buffers = new Dictionary<string, float[]>(good.Buffers) { ["v/exp_avg"] = new float[4] } };
        var shortArray = good with { Buffers = new Dictionary<string, float[]> { ["w/exp_avg"] = new float[3], ["w/exp_avg_sq"] = new float[4] } };
        var missing = good with { Buffers = new Dictionary<string, float[]> { ["w/exp_avg"] = new float[4] } };
        Assert.Throws<ArgumentException>(() => adam.ImportState(unknown));
        Assert.Throws<ArgumentException>(() => adam.ImportState(shortArray));
        Assert.Throws<ArgumentException>(() => adam.ImportState(missing));
        Assert.Equal(good.Buffers["w/exp_avg"], adam.ExportState().Buffers["w/exp_avg"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ResetState_ZeroesExactlyTheGivenRowsColumnsOrEntries_AndKeepsTheStepCounters(string kind)
    {
        var matrix = Tensor.Parameter("W", 4, 5);
        var vector = Tensor.Parameter("b", 5);
        Tensor[] ps = [matrix, vector];
        var opt = Create(kind, ps);
        for (int s = 1; s <= 3; s++) Step(opt, ps, s);
        var before = opt.ExportState();

        opt.ResetState(matrix, 0, [1, 3]);
        opt.ResetState(vector, 0, [2]);
        var after = opt.ExportState();
        Assert.Equal(before.ParameterSteps, after.ParameterSteps);
        foreach (var (key, values) in after.Buffers)
        {
            var old = before.Buffers[key];
            for (int e = 0; e < values.Length; e++)
            {
                bool reset = key.StartsWith("W/", StringComparison.Ordinal) ? e / 5 is 1 or 3 : e == 2;
                Assert.True(old[e] != 0, $"{key}[{e}] was 0 before the reset; the test needs state to clear");
                Assert.Equal(reset ? 0f : old[e], values[e]);
            }
        }

        opt.ResetState(matrix, 1, [4]);
        foreach (var (key, values) in opt.ExportState().Buffers)
            if (key.StartsWith("W/", StringComparison.Ordinal))
                for (int r = 0; r < 4; r++) Assert.Equal(0f, values[r * 5 + 4]);
    }

    [Fact]
    public void ResetState_ForeignParameterOrBadIndex_ThrowsNamingIt()
    {
        var w = Tensor.Parameter("W", 2, 3);
        var adam = Create("adam", [w]);
        Assert.Contains("'other'", Assert.Throws<ArgumentException>(() => adam.ResetState(Tensor.Parameter("other", 2), 0, [0])).Message);
        Assert.Contains("Index 3", Assert.Throws<ArgumentException>(() => adam.ResetState(w, 1, [3])).Message);
        Assert.Contains("Axis 2", Assert.Throws<ArgumentException>(() => adam.ResetState(w, 2, [0])).Message);
    }
}
