using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Counts generated bad-input cases by class and outcome: rejected with a located message and the right exit code,
/// accepted (the mutation left a valid input, say a truncated CSV that ends on a line boundary), or wrong (anything
/// else: an unlocated message, another exit code, an exception that would print a trace, a hang).
/// </summary>
internal sealed class RobustnessTally(string suite)
{
    private readonly ConcurrentDictionary<string, (int Rejected, int Accepted, List<string> Wrong)> _classes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _accepted = new();

    /// <summary>Records one case of <paramref name="caseClass"/>: <paramref name="wrong"/> is null when it behaved.</summary>
    public void Add(string caseClass, string caseName, bool accepted, string? wrong)
    {
        if (accepted && wrong is null) _accepted.GetOrAdd(caseClass, _ => new()).Enqueue(caseName);
        _classes.AddOrUpdate(caseClass,
            _ => wrong is not null ? (0, 0, [$"{caseName}: {wrong}"]) : accepted ? (0, 1, []) : (1, 0, []),
            (_, c) =>
            {
                if (wrong is not null)
                {
                    lock (c.Wrong) c.Wrong.Add($"{caseName}: {wrong}");
                    return c;
                }
                return accepted ? (c.Rejected, c.Accepted + 1, c.Wrong) : (c.Rejected + 1, c.Accepted, c.Wrong);
            });
    }

    public int Total => _classes.Values.Sum(c => c.Rejected + c.Accepted + c.Wrong.Count);

    /// <summary>Writes one line per class to <paramref name="output"/> and fails listing every wrong case.</summary>
    public void Report(ITestOutputHelper output)
    {
        var lines = new List<string> { $"{suite}: {Total} generated cases" };
        foreach (var (name, c) in _classes.OrderBy(p => p.Key, StringComparer.Ordinal))
            lines.Add($"  {name}: {c.Rejected + c.Accepted + c.Wrong.Count} cases, {c.Rejected} rejected with a located message and the right exit code, " +
                      $"{c.Accepted} accepted as valid, {c.Wrong.Count} wrong" +
                      (_accepted.TryGetValue(name, out var ok) ? $" (accepted: {string.Join("; ", ok.Take(8))}{(ok.Count > 8 ? "; ..." : "")})" : ""));
        foreach (var line in lines) output.WriteLine(line);
        // Also kept next to the test binaries, so a CI log or a person can read the counts after a run.
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, $"robustness-{suite}.txt"), lines);
        var wrong = _classes.SelectMany(p => p.Value.Wrong.Select(w => $"[{p.Key}] {w}")).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} case(s) misbehaved:\n" + string.Join("\n", wrong.Take(40)));
    }
}
