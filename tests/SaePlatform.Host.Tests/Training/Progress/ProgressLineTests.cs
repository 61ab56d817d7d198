using SaePlatform.Host.Training.Progress;

namespace SaePlatform.Host.Tests.Training.Progress;

public sealed class ProgressLineTests
{
    private static readonly ProgressState Mid = new("gpt2-small/blocks.8.hook_resid_post", 801, 20000, 1.611, 59.6, 0.896,
        3, 63_350, TimeSpan.FromSeconds(288));

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(79)]
    [InlineData(119)]
    [InlineData(199)]
    public void Format_AnyWidth_FitsWithoutWrapping(int width)
    {
        var line = ProgressLine.Format(Mid, width);
        Assert.True(line.Length <= width, $"{line.Length} > {width}: '{line}'");
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Format_80Columns_KeepsBarStepLossL0EvAndEta()
    {
        var line = ProgressLine.Format(Mid, 79);
        Assert.StartsWith("[", line);
        Assert.Contains("  4%", line);
        Assert.Contains("step 801/20000", line);
        Assert.Contains("loss 1.611", line);
        Assert.Contains("L0 59.6", line);
        Assert.Contains("EV 0.896", line);
        Assert.Contains("ETA 4:48", line);
    }

    [Fact]
    public void Format_WideTerminal_ShowsDeadFeaturesThroughputAndName()
    {
        var line = ProgressLine.Format(Mid, 199);
        Assert.Contains("dead 3", line);
        Assert.Contains("63,350 samples/s", line);
        Assert.EndsWith("gpt2-small/blocks.8.hook_resid_post", line);
    }

    [Fact]
    public void Format_Narrow_DropsLowPriorityFieldsFirst()
    {
        var line = ProgressLine.Format(Mid, 50);
        Assert.Contains("step 801/20000", line);
        Assert.DoesNotContain("samples/s", line);
        Assert.DoesNotContain("gpt2-small", line);
    }

    [Fact]
    public void Format_Finished_BarFullNoRateYet_EtaUnknown()
    {
        var done = Mid with { StepsDone = 20000, Remaining = null, SamplesPerSecond = double.NaN, DeadFeatures = double.NaN };
        var line = ProgressLine.Format(done, 199);
        Assert.Contains("100%", line);
        Assert.Contains("ETA --", line);
        Assert.DoesNotContain("dead", line);
        Assert.DoesNotContain(">", line);
    }
}
