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
}
