using SaePlatform.Host.Tests.Support;


namespace SaePlatform.Host.Tests.Plan.Reference;

/// <summary>docs/config.md, <c>sae config describe</c> and the described <c>--dry-run</c>, as a user runs them.</summary>
public sealed class ConfigReferenceTests
{
    [Fact]
    public void DocsConfigMd_IsWhatTheCommandGeneratesNow()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "config", "reference");

        Assert.Equal(0, result.ExitCode);
        var committed = File.ReadAllText(Path.Combine(Repository.Root, "docs", "config.md")).ReplaceLineEndings("\n");
        Assert.True(committed == result.StdOut,
            "docs/config.md is stale: run 'dotnet host/SaePlatform.Host/bin/Release/net10.0/sae.dll config reference --output docs/config.md' and commit it.");
    }

    [Fact]
    public void Reference_EverySectionAndComponent_HasKeysWithTypeDefaultAndDescription()
    {
        var md = SaeProcess.Run(Repository.NewTempDirectory(), "config", "reference").StdOut;

        foreach (var section in new[] { "run", "data", "architecture", "penalty", "training", "visualizers", "observers", "plugins" })
            Assert.Contains($"\n## {section}\n", md);
        foreach (var component in new[] { "data: npy", "architecture: topk", "architecture: standard", "penalty: l1", "visualizers: sparsity" })
            Assert.Contains($"\n### {component}\n", md);
        // Every key row has all five cells filled except 'allowed' (which is empty when any value of the type goes).
        var rows = md.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Split(" | ").Length == 5).ToList();
        Assert.True(rows.Count > 100, $"only {rows.Count} key rows");
        Assert.All(rows, r =>
        {
            var cells = r.Trim('|', ' ').Split(" | ");
            Assert.True(cells[1].Length > 0 && cells[2].Length > 0 && cells[4].Length > 0, $"incomplete row: {r}");
        });
        Assert.Contains("| `target_l0` | number or null | `null` | at least 0 |", md);
        Assert.Contains("| `lr_schedule` | enum | `constant` | constant, cosine |", md);
    }

    [Fact]
    public void Describe_ArchitectureTopk_ListsItsKeysAndTheSharedOnes()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "config", "describe", "architecture", "topk");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("## architecture: topk", result.StdOut);
        Assert.Contains("| `k` | integer |", result.StdOut);
        Assert.Contains("| `aux_k_coefficient` | number | `1` | at least 0, at most 1000000 |", result.StdOut);
        Assert.Contains("| `aux_k_decoder_bias` | bool | `false` |", result.StdOut);
        Assert.Contains("| `b_dec_init` | enum | `geometric_median` | zero, mean, geometric_median |", result.StdOut);
    }

    [Fact]
    public void Describe_UnknownType_Exit2WithTheKnownTypes()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "config", "describe", "architecture", "topkk");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown type 'topkk' (did you mean 'topk'?)", result.StdErr);
        Assert.Contains("batchtopk", result.StdErr);
    }

    [Fact]
    public void DryRun_DescribesEachKey_AndReadsBackToTheSameConfig()
    {
        var dir = Repository.NewTempDirectory();
        var first = SaeProcess.Run(dir, "train", Path.Combine(Repository.Root, "configs", "quickstart.yaml"), "--dry-run");
        Assert.Equal(0, first.ExitCode);
        var lines = first.StdOut.Split('\n');
        var lr = Array.FindIndex(lines, l => l.TrimStart().StartsWith("lr:", StringComparison.Ordinal));
        Assert.Equal("# Peak learning rate (default 1e-3; SAELens: 3e-4; see docs/defaults.md).", lines[lr - 1].Trim());
        Assert.Contains(lines, l => l.Trim() == "# ReLU SAE with a decoder-norm weighted sparsity penalty (SAELens standard).");

        File.WriteAllText(Path.Combine(dir, "resolved.yaml"), first.StdOut);
        var second = SaeProcess.Run(dir, "train", "resolved.yaml", "--dry-run");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.StdOut, second.StdOut);
    }
}
