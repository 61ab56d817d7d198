using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plan.Sweeps;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Plan;

/// <summary>
/// Placeholders (<c>{model}</c>, <c>{layer}</c>, <c>{sweep.key}</c>) and the <c>sweep</c> section: which runs a config
/// describes, with which values and folders, and how their errors are reported (all at once, naming the run).
/// </summary>
public sealed class SweepPlanTests
{
    private readonly ConfigFolder _folder = new();

    private RunSet Build(string body, params string[] sets) =>
        RunSetBuilder.Build(ConfigComposer.Compose(_folder.Write("x.yaml", body), sets), new RunPlanBuilder(FakeRegistry.Create()));

    private List<string> Errors(string body, params string[] sets) =>
        [.. Assert.Throws<ConfigException>(() => Build(body, sets)).Errors.Select(e => e.ToString())];

    private static FakeNpyOptions Npy(PlannedUnit unit) => (FakeNpyOptions)unit.Plan.Data.Options!;

    private static FakeTopKOptions TopK(PlannedUnit unit) => (FakeTopKOptions)unit.Plan.Architecture.Options!;

    [Fact]
    public void LayerPlaceholder_InDataPath_OneRunPerLayerReadingItsOwnFile()
    {
        _folder.Write("acts/resid_6.npy", "x");
        _folder.Write("acts/resid_8.npy", "x");
        var runs = Build("""
            run: {model: gpt2, layers: [6, 8], output_dir: out}
            data: {type: npy, path: "acts/resid_{layer}.npy"}
            architecture: {type: topk, k: 4, d_sae: 64}
            """);

        Assert.True(runs.IsSplit);
        Assert.False(runs.IsSweep);
        Assert.Equal([Path.Combine(_folder.Root, "acts", "resid_6.npy"), Path.Combine(_folder.Root, "acts", "resid_8.npy")], runs.Units.Select(u => Npy(u).Path));
        Assert.Equal(["6", "8"], runs.Units.Select(u => Assert.Single(u.Plan.Runs).Layer));
        // Without a sweep the layout is the usual one: out/gpt2/6_..., out/gpt2/8_...
        Assert.All(runs.Units, u => Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "out", "gpt2"), u.Plan.Runs[0].ModelDirectory));
    }

    [Fact]
    public void ModelPlaceholder_AndLiteralBraces_Resolved()
    {
        _folder.Write("a/gpt2_{x}.npy", "x");
        var runs = Build("""
            run: {model: gpt2, layer: 6}
            data: {type: npy, path: "a/{model}_{{x}}.npy"}
            architecture: {type: topk, k: 4, d_sae: 64}
            """);

        Assert.Equal(Path.Combine(_folder.Root, "a", "gpt2_{x}.npy"), Npy(Assert.Single(runs.Units)).Path);
    }

    [Fact]
    public void PlainConfig_StaysOnePlanWithAllItsLayers()
    {
        var runs = Build("""
            run: {model: gpt2, layers: [6, 8]}
            data: {type: synthetic}
            architecture: {type: topk, k: 4, d_sae: 64}
            """);

        Assert.False(runs.IsSplit);
        Assert.Equal(2, Assert.Single(runs.Units).Plan.Runs.Count);
    }

    [Fact]
    public void UnknownPlaceholder_IsAConfigErrorNamingTheKeyAndTheKnownOnes()
    {
        var errors = Errors("""
            run: {model: gpt2, layer: 6}
            data: {type: npy, path: "acts/{layr}.npy"}
            architecture: {type: topk, k: 4, d_sae: 64}
            """);

        var error = Assert.Single(errors, e => e.Contains("placeholder", StringComparison.Ordinal));
        Assert.Contains("x.yaml:2:", error, StringComparison.Ordinal);
        Assert.Contains("data.path: unknown placeholder '{layr}'", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'layer'", error, StringComparison.Ordinal);
        Assert.Contains("{model}", error, StringComparison.Ordinal);
        Assert.Contains("no 'sweep' section", Assert.Single(Errors("""
            run: {model: gpt2, layer: 6}
            data: {type: synthetic}
            architecture: {type: topk, k: 4, d_sae: "{sweep.d}"}
            """), e => e.Contains("placeholder", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Grid_CrossedWithLayers_NamedByValuesAsWrittenInOneTree()
    {
        var runs = Build("""
            run: {model: gpt2, layers: [6, 8], output_dir: out}
            data: {type: synthetic}
            architecture: {type: topk, k: 4, d_sae: 64}
            training: {lr: 1e-3}
            sweep:
              grid:
                architecture.k: [16, 32]
                training.lr: [1e-3, 3e-4]
            """);

        Assert.True(runs.IsSweep);
        Assert.Equal(["k=16_lr=1e-3", "k=16_lr=3e-4", "k=32_lr=1e-3", "k=32_lr=3e-4"], runs.Sweep.Select(p => p.Name));
        Assert.Equal(8, runs.Units.Count);
        Assert.Equal(Enumerable.Range(0, 8), runs.Units.Select(u => u.Unit.Index));
        var unit = runs.Units[7];
        Assert.Equal(("k=32_lr=3e-4", "8"), (unit.Unit.Point!.Name, unit.Plan.Runs[0].Layer));
        Assert.Equal(32, TopK(unit).K);
        Assert.Equal(3e-4, unit.Plan.Training.Lr);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "out", "gpt2", "k=32_lr=3e-4"), unit.Plan.Runs[0].ModelDirectory);
        Assert.Equal(16, TopK(runs.Units[1]).K);
        Assert.Equal("8", runs.Units[1].Plan.Runs[0].Layer);
    }

    [Fact]
    public void ZippedPoints_CrossedWithGrid_AndSweepPlaceholders()
    {
        var runs = Build("""
            run: {model: gpt2, layer: 6, output_dir: "out/{sweep.k}"}
            data: {type: synthetic}
            architecture: {type: topk, k: 4, d_sae: 64}
            sweep:
              points:
                - {architecture.k: 8, architecture.d_sae: 128}
                - {architecture.k: 16, architecture.d_sae: 256}
              grid: {training.lr: [0.01, 0.001]}
            """);

        Assert.Equal(["k=8_d_sae=128_lr=0.01", "k=8_d_sae=128_lr=0.001", "k=16_d_sae=256_lr=0.01", "k=16_d_sae=256_lr=0.001"], runs.Sweep.Select(p => p.Name));
        Assert.Equal([(8, 128), (8, 128), (16, 256), (16, 256)], runs.Units.Select(u => (TopK(u).K, TopK(u).DSae)));
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "out", "16"), runs.Units[3].Plan.Run.OutputDir);
    }

    [Fact]
    public void InvalidPoints_AllReportedAtOnce_EachNamingItsPoint()
    {
        var errors = Errors("""
            run: {model: gpt2, layer: 6}
            data: {type: synthetic}
            architecture: {type: topk, k: 4, d_sae: 64}
            training: {lr: fast}
            sweep:
              grid: {architecture.k: [8, 100, 200]}
            """);

        // k must not exceed d_sae = 64: points 1 and 2 fail, each named; the lr error every point has is reported once.
        Assert.Equal(3, errors.Count);
        Assert.Single(errors, e => e.Contains("training.lr", StringComparison.Ordinal) && !e.Contains("[point", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("[point 1 (k=100, model gpt2, layer 6)]", StringComparison.Ordinal) && e.Contains("k (100) must not exceed d_sae (64)", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("[point 2 (k=200, model gpt2, layer 6)]", StringComparison.Ordinal));
    }

    [Fact]
    public void BadSweepSections_NameTheKey()
    {
        const string head = "run: {model: gpt2, layer: 6}\ndata: {type: synthetic}\narchitecture: {type: topk}\n";
        Assert.Contains("'k' is not a config key", Assert.Single(Errors(head + "sweep: {grid: {k: [1, 2]}}")), StringComparison.Ordinal);
        Assert.Contains("sweep.grid.architecture.k: expected a non-empty list", Assert.Single(Errors(head + "sweep: {grid: {architecture.k: 4}}")), StringComparison.Ordinal);
        Assert.Contains("'run.layer' cannot be swept", Assert.Single(Errors(head + "sweep: {grid: {run.layer: [1, 2]}}")), StringComparison.Ordinal);
        Assert.Contains("unknown key 'gird'", Assert.Single(Errors(head + "sweep: {gird: {architecture.k: [1]}, points: [{architecture.k: 2}]}")), StringComparison.Ordinal);
        Assert.Contains("points 0 and 1 have the same values", Assert.Single(Errors(head + "sweep: {points: [{architecture.k: 2}, {architecture.k: 2}]}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholder_Substitute_KeepsUnknownAndUnescapesBraces()
    {
        var unknown = new List<string>();
        var text = ConfigPlaceholders.Substitute("r_{layer}_{{x}}_{nope}.npy", new Dictionary<string, string> { ["layer"] = "6" }, unknown.Add);

        Assert.Equal("r_6_{x}_{nope}.npy", text);
        Assert.Equal(["nope"], unknown);
    }
}
