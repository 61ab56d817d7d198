using System.Text.RegularExpressions;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Configuration;

/// <summary><c>visualizers: [defaults, ...]</c> adds to the built-in set instead of replacing it.</summary>
public sealed class VisualizerDefaultsTests
{
    [Fact]
    public void DryRun_DefaultsPlusOne_AllBuiltInsOnceWithTheListedOptions()
    {
        var dir = Repository.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "x.yaml"), $"""
            extends: {Path.Combine(Repository.Root, "configs", "quickstart.yaml")}
            visualizers:
              - defaults
              - {"{"}type: sparsity, target_l0: 25{"}"}
            """);

        var first = SaeProcess.Run(dir, "train", "x.yaml", "--dry-run");

        Assert.Equal(0, first.ExitCode);
        var section = first.StdOut[first.StdOut.IndexOf("\nvisualizers:", StringComparison.Ordinal)..first.StdOut.IndexOf("\nobservers:", StringComparison.Ordinal)];
        var types = Regex.Matches(section, @"^(?:- |  )type: (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["training_history", "loss_curves", "loss_rate", "evaluation", "layer_comparison", "statistics", "sparsity"], types);
        Assert.Contains("target_l0: 25", first.StdOut);
        // The resolved config lists them explicitly and reads back to itself.
        File.WriteAllText(Path.Combine(dir, "resolved.yaml"), first.StdOut);
        var second = SaeProcess.Run(dir, "train", "resolved.yaml", "--dry-run");
        Assert.Equal(first.StdOut, second.StdOut);
    }
}
