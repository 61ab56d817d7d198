using System.Text.RegularExpressions;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// <c>sae train</c> in a real terminal (tmux): one live progress line at the bottom, redrawn in place, log lines
/// scrolling above it; read back with <c>capture-pane</c>.
/// </summary>
public sealed partial class TerminalDisplayTests
{
    // Long enough that the test interrupts it (Ctrl+C) rather than waiting for it.
    private const string Config = """
        run: { model: tty, layer: demo, seed: 1, output_dir: out }
        data: { type: synthetic, d_in: 32, n_features: 64, rows: 20000, firing_probability: 0.05 }
        architecture: { type: standard, d_sae: 64 }
        penalty: { type: l1 }
        training: { steps: 10000000, batch_size: 64, log_every: 10 }
        visualizers: []
        """;

    [TmuxTheory]
    [InlineData(80, 24)]
    [InlineData(200, 50)]
    public void Train_InTerminal_OneLiveLineLogLinesAboveNothingWrapsOrRepeats(int width, int height)
    {
        var dir = Repository.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "run.yaml"), Config);
        var sae = Path.Combine(Repository.HostOutput, "sae.dll");
        using var tmux = Tmux.Start(width, height, dir, $"env -u SAE_PLUGIN_PATH dotnet '{sae}' train run.yaml; echo __exit $?; sleep 600");

        // While training: the bottom line of the screen is the live line, it fits, and it is the only one.
        var during = tmux.WaitFor(lines => lines.Count(l => StepLog().IsMatch(l)) >= 3 && IsLiveLine(LastNonBlank(tmux.Screen())),
            TimeSpan.FromMinutes(3), "three step log lines and the live line");
        var screen = tmux.Screen();
        var live = LastNonBlank(screen);
        Assert.True(IsLiveLine(live), $"bottom line is not the live line: '{live}'");
        Assert.True(live.Length < width, $"live line is {live.Length} columns at width {width}: '{live}'");
        Assert.Contains("loss", live);
        Assert.Contains("step ", live);
        Assert.Single(during, IsLiveLine);

        tmux.SendKeys("C-c");
        var after = tmux.WaitFor(lines => lines.Any(l => l.StartsWith("__exit", StringComparison.Ordinal)), TimeSpan.FromMinutes(3), "the run to end after Ctrl+C");
        Assert.Contains("__exit 130", after);

        // Nothing wrapped: rejoining the terminal's wrapped lines changes nothing.
        var joined = tmux.History(joinWrapped: true);
        Assert.Equal(after.Length, joined.Length);
        Assert.All(after, l => Assert.True(l.Length <= width, $"line wider than {width}: '{l}'"));
        // The live line is gone, no line appears twice.
        Assert.DoesNotContain(after, IsLiveLine);
        // (Continuation lines of wrapped log lines are left out: two long paths may wrap alike.)
        var repeated = after.Where(l => l.Trim().Length > 0 && !l.StartsWith(' ')).GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "printed twice:\n" + string.Join('\n', repeated));

        // Every log line of the run (its log file) is on the screen.
        var pane = Collapse(string.Join("", after));
        var logFile = File.ReadAllLines(Path.Combine(dir, "out", "tty", "demo_train.log"));
        var messages = logFile.Select(l => FileLine().Match(l)).Where(m => m.Success).Select(m => Collapse(m.Groups[1].Value)).ToList();
        Assert.Contains(messages, m => m.StartsWith("step1/", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.True(pane.Contains(m, StringComparison.Ordinal), $"log line missing from the terminal: '{m}'"));
    }

    private static bool IsLiveLine(string line) => line.StartsWith('[') && line.Contains("step ", StringComparison.Ordinal);

    private static string LastNonBlank(string[] lines) => lines.LastOrDefault(l => l.Trim().Length > 0) ?? "";

    // Whitespace removed: the display wraps long lines (at spaces, or inside a long path) with an indent.
    private static string Collapse(string s) => Regex.Replace(s, @"\s+", "");

    [GeneratedRegex(@"^\d\d:\d\d:\d\d INF step \d+/")]
    private static partial Regex StepLog();

    [GeneratedRegex(@"^\S+ \S+ \[(?:INF|WRN|ERR)\] [^:]*: (.*)$")]
    private static partial Regex FileLine();
}
