using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Configuration;

public sealed class ConfigComposerTests
{
    private readonly ConfigFolder _folder = new();

    [Fact]
    public void Compose_TwoLevelExtendsChain_MergesMapsAndLaterFilesWin()
    {
        _folder.Write("configs/base/root.yaml", """
            run: {model: gpt2, layer: 8, seed: 1}
            data: {type: synthetic, rows: 500, width: 8}
            architecture: {type: topk, k: 16, d_sae: 256}
            training: {lr: 0.001, batch_size: 64, steps: 10}
            visualizers: [{type: loss_curves, metrics: [a, b]}]
            """);
        _folder.Write("configs/base/mid.yaml", """
            extends: root.yaml
            architecture: {k: 8}
            training: {batch_size: 128}
            visualizers: []
            """);
        var path = _folder.Write("configs/x.yaml", """
            extends: base/mid.yaml
            run: {seed: 3}
            training: {steps: 20}
            """);

        var plan = ConfigFolder.Build(path);

        Assert.Equal(3, plan.Run.Seed);
        Assert.Equal("gpt2", plan.Runs[0].Model);
        var arch = Assert.IsType<FakeTopKOptions>(plan.Architecture.Options);
        Assert.Equal(8, arch.K);          // mid overrides root
        Assert.Equal(256, arch.DSae);     // root kept where nobody overrides
        Assert.Equal(0.001, plan.Training.Lr);
        Assert.Equal(128, plan.Training.BatchSize);
        Assert.Equal(20, plan.Training.Steps);
        Assert.NotNull(plan.Visualizers);
        Assert.Empty(plan.Visualizers);   // lists replace, they do not append
    }

    [Fact]
    public void Compose_ExtendsList_MergesBasesInOrder()
    {
        _folder.Write("a.yaml", "training: {lr: 0.1, batch_size: 32}\n");
        _folder.Write("b.yaml", "training: {lr: 0.2}\n");
        var path = _folder.Write("x.yaml", "extends: [a.yaml, b.yaml]\n" + ConfigFolder.Minimal);

        var plan = ConfigFolder.Build(path);

        Assert.Equal(0.2, plan.Training.Lr);
        Assert.Equal(32, plan.Training.BatchSize);
    }

    [Fact]
    public void Compose_DerivedConfigSetsNull_RemovesBaseValue()
    {
        _folder.Write("base.yaml", ConfigFolder.Minimal + "\npenalty: {type: l1}\n");
        var path = _folder.Write("x.yaml", "extends: base.yaml\npenalty: null\n");

        Assert.Null(ConfigFolder.Build(path).Penalty);
    }

    [Fact]
    public void Compose_ExtendsCycle_ReportsTheCycleAtTheExtendsLine()
    {
        var a = _folder.Write("a.yaml", "extends: b.yaml\n" + ConfigFolder.Minimal);
        var b = _folder.Write("b.yaml", "training: {lr: 0.1}\nextends: a.yaml\n");

        var error = ConfigFolder.SingleError(a);

        Assert.Equal($"{b}:2:10 extends: cycle: a.yaml -> b.yaml -> a.yaml", error);
    }

    [Fact]
    public void Compose_MissingBaseFile_NamesFileAndResolvedPath()
    {
        var path = _folder.Write("configs/x.yaml", "extends: [base.yaml]\n" + ConfigFolder.Minimal);

        var error = ConfigFolder.SingleError(path);

        Assert.Equal($"{path}:1:11 extends: base config 'base.yaml' not found (looked for {Path.Combine(_folder.Root, "configs", "base.yaml")})", error);
    }

    [Fact]
    public void Compose_UnclosedBracket_NamesFileAndTheLineWhereItOpens()
    {
        var path = _folder.Write("x.yaml", "run:\n  model: gpt2\n  layer: [8\ndata: {type: synthetic}\n");

        var error = ConfigFolder.Errors(path)[0];

        // The parser gives up on line 4; the mistake is the '[' on line 3, column 10.
        Assert.StartsWith($"{path}:3:10 YAML syntax error: '[' opened here is not closed", error);
    }

    [Fact]
    public void Compose_MappingValueInPlainScalar_NamesFileLineAndColumn()
    {
        var path = _folder.Write("x.yaml", "run:\n  model: gpt2: small\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:2:14 YAML syntax error: ", error);
    }

    [Fact]
    public void Compose_DuplicateKey_NamesFileAndLine()
    {
        var path = _folder.Write("x.yaml", ConfigFolder.Minimal + "\ntraining:\n  lr: 0.1\n  lr: 0.2\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{path}:10:3 YAML syntax error: ", error);
        Assert.Contains("lr", error);
    }

    [Fact]
    public void Compose_MissingConfigFile_SaysNotFound()
    {
        var missing = Path.Combine(_folder.Root, "nope.yaml");

        var error = ConfigFolder.SingleError(missing);

        Assert.Contains($"config file '{missing}' not found", error);
    }

    [Fact]
    public void Compose_JsonConfig_IsAccepted()
    {
        var path = _folder.Write("x.json", """
            {
            	"run": {"model": "gpt2", "layers": [6, 8], "seed": 7},
            	"data": {"type": "synthetic", "rows": 100},
            	"architecture": {"type": "topk", "k": 4},
            	"training": {"lr": 3e-4, "lr_schedule": "cosine", "shuffle": false}
            }
            """);

        var plan = ConfigFolder.Build(path);

        Assert.Equal(["6", "8"], plan.Runs.Select(r => r.Layer));
        Assert.Equal(7, plan.Run.Seed);
        Assert.Equal(4, Assert.IsType<FakeTopKOptions>(plan.Architecture.Options).K);
        Assert.Equal(LrSchedule.Cosine, plan.Training.LrSchedule);
        Assert.False(plan.Training.Shuffle);
    }

    [Fact]
    public void Compose_JsonWrongType_NamesLineOfValue()
    {
        var path = _folder.Write("x.json", """
            {
              "run": {"model": "gpt2", "layer": "8"},
              "data": {"type": "synthetic"},
              "architecture": {"type": "topk"},
              "training": {"lr": "fast"}
            }
            """);

        Assert.Equal($"{path}:5:22 training.lr: expected a number, got 'fast'", ConfigFolder.SingleError(path));
    }

    [Fact]
    public void Compose_KeepsSourceOfEachValue()
    {
        var basePath = _folder.Write("base.yaml", "training:\n  lr: 0.1\n");
        var path = _folder.Write("x.yaml", "extends: base.yaml\ntraining:\n  steps: 5\n");

        var composed = ConfigComposer.Compose(path);

        var training = (SaePlatform.Host.Configuration.Tree.ConfigMap)composed.Root.Get("training")!;
        Assert.Equal($"{basePath}:2:7", training.Get("lr")!.Location.ToString());
        Assert.Equal($"{path}:3:10", training.Get("steps")!.Location.ToString());
        Assert.Null(composed.Root.Get("extends"));
    }
}
