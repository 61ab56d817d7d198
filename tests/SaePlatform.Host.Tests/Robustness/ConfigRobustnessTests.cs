using System.Text.RegularExpressions;
using SaePlatform.Host.Configuration.Tree;
using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Every generated broken config (<see cref="ConfigCorruptions"/>) is validated by <c>sae train --dry-run</c>'s pipeline in
/// this process: each must end with exit code 2 and every error naming the file with line and column (or be a valid
/// config after all, say an out-of-range value the key allows), never an exception, a hang or another exit code.
/// </summary>
public sealed partial class ConfigRobustnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"^(:\d+(:\d+)?)? ")]
    private static partial Regex LineAndColumn();

    private static void Check(RobustnessTally tally, string dir, IEnumerable<ConfigCorruptions.Case> cases)
    {
        foreach (var c in cases)
        {
            var config = Path.Combine(dir, "run." + c.Extension);
            File.WriteAllText(config, c.Text);
            var outcome = InProcessTrain.Run(config, dryRun: true, PerCase);
            tally.Add(c.Class, c.Name, outcome.ExitCode == ExitCodes.Success, Judge(outcome, SourceLocation.DisplayPath(config)));
        }
    }

    // Located: "<config>:line:column message" (or "<config> message" for the file as a whole).
    private static string? Judge(InProcessTrain.Outcome outcome, string file)
    {
        if (outcome.TimedOut || outcome.Escaped is not null) return outcome.ToString();
        if (outcome.ExitCode == ExitCodes.Success) return null;
        if (outcome.ExitCode != ExitCodes.UsageOrConfigError) return outcome.ToString();
        var problems = outcome.Errors.Where(e => !e.EndsWith("nothing was trained.", StringComparison.Ordinal)).ToList();
        if (problems.Count == 0) return "exit 2 without an error message";
        var unlocated = problems.Where(e => !e.StartsWith(file, StringComparison.Ordinal) || !LineAndColumn().IsMatch(e[file.Length..])).ToList();
        return unlocated.Count == 0 ? null : "not located: " + string.Join(" | ", unlocated);
    }

    [Fact]
    public void DryRun_EveryGeneratedBrokenConfig_EndsWithLocatedErrorsAndExitCode2()
    {
        var dir = Repository.NewTempDirectory();
        var tally = new RobustnessTally("configs");

        Check(tally, dir, ConfigCorruptions.KeyCases());
        Check(tally, dir, ConfigCorruptions.SectionCases());
        Check(tally, dir, ConfigCorruptions.MalformedYaml());
        Check(tally, dir, ConfigCorruptions.MalformedJson());
        Check(tally, dir, ConfigCorruptions.OverLimits());

        Assert.True(tally.Total > 1000, $"only {tally.Total} cases were generated");
        tally.Report(output);
    }
}
