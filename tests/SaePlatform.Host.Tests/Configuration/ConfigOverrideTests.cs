using SaePlatform.Host.Tests.Support.ConfigFixtures;


namespace SaePlatform.Host.Tests.Configuration;

public sealed class ConfigOverrideTests
{
    private readonly ConfigFolder _folder = new();
    private readonly string _path;

    public ConfigOverrideTests() =>
        _path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  lr: 0.1\nvisualizers:\n  - type: loss_curves\n");

    [Fact]
    public void Set_Number_ReplacesValue()
    {
        var plan = ConfigFolder.Build(_path, "training.lr=3e-4");

        Assert.Equal(3e-4, plan.Training.Lr);
    }

    [Fact]
    public void Set_String_ReplacesValue()
    {
        var plan = ConfigFolder.Build(_path, "run.model=EleutherAI/pythia-70m");

        Assert.Equal("EleutherAI/pythia-70m", plan.Runs[0].Model);
        Assert.Equal("EleutherAI-pythia-70m", plan.Runs[0].ModelFolderName);
    }

    [Fact]
    public void Set_FlowList_ReplacesLists()
    {
        var plan = ConfigFolder.Build(_path, "run.layer=", "run.layers=[3, 5]", "visualizers=[]");

        Assert.Equal(["3", "5"], plan.Runs.Select(r => r.Layer));
        Assert.NotNull(plan.Visualizers);
        Assert.Empty(plan.Visualizers);
    }

    [Fact]
    public void Set_NewNestedKey_CreatesIntermediateMaps()
    {
        var plan = ConfigFolder.Build(_path, "architecture.init.scale=0.5", "penalty.type=l1");

        Assert.Equal(0.5, Assert.IsType<FakeTopKOptions>(plan.Architecture.Options).Init.Scale);
        Assert.Equal("l1", plan.Penalty?.Descriptor.Id);
    }

    [Fact]
    public void Set_ListIndex_ChangesThatItem()
    {
        var plan = ConfigFolder.Build(_path, "visualizers.0.timeout_seconds=5");

        Assert.Equal(5.0, Assert.Single(plan.Visualizers!).TimeoutSeconds);
    }

    [Fact]
    public void Set_UnknownKey_ReportedAsSetWithSuggestion()
    {
        var error = ConfigFolder.SingleError(_path, "training.lrr=0.1");

        Assert.StartsWith("--set training.lrr: unknown key 'lrr' (did you mean 'lr'?)", error);
    }

    [Fact]
    public void Set_WrongType_ReportedAsSet()
    {
        Assert.Equal("--set training.lr: expected a number, got 'fast'", ConfigFolder.SingleError(_path, "training.lr=fast"));
    }

    [Fact]
    public void Set_WithoutEquals_SaysExpectedForm()
    {
        var error = ConfigFolder.SingleError(_path, "training.lr");

        Assert.Equal("--set training.lr: 'training.lr' is not of the form key.path=value", error);
    }

    [Fact]
    public void Set_IndexBeyondList_SaysHowManyItems()
    {
        var error = ConfigFolder.SingleError(_path, "visualizers.3.format=svg");

        Assert.StartsWith("--set visualizers.3: '3' is not an index of this list (it has 1 items", error);
    }
}
