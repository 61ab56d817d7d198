using System.Collections.Concurrent;
using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Dashboard;

/// <summary>
/// The runs under a sae-dir, found by their files (<c>M/L_config.yaml</c>, <c>M/L_training_log.jsonl</c>,
/// <c>M/L_training_log.csv</c>, <c>M/L_training_history.json</c>, <c>M/L.lock</c>) at any depth up to
/// <see cref="MaxDepth"/> (a sweep nests model folders), each with its status and its history, read on demand.
/// Reads files only; nothing here writes.
/// </summary>
/// <remarks>
/// Histories are kept in memory between requests (a poll reads only what a file gained), within
/// <paramref name="historyBudgetBytes"/>: past it, the least recently requested ones are dropped and read again from
/// their files when requested again, so a dashboard left open over many long runs does not grow without bound.
/// </remarks>
internal sealed class RunCatalog(string saeDirectory, long historyBudgetBytes = RunCatalog.DefaultHistoryBudgetBytes)
{
    /// <summary>
    /// Memory for held histories by default: 1 GiB, about 85 runs of 100,000 logged steps with 25 metrics (12 MB each), so
    /// the 50-run scale measurement of issue 18 stays held whole.
    /// </summary>
    public const long DefaultHistoryBudgetBytes = 1L << 30;

    /// <summary>Folders below the sae-dir searched for runs.</summary>
    public const int MaxDepth = 5;

    private static readonly string[] RunFileSuffixes =
        [StreamSuffix, "_training_log.csv", "_training_history.json", "_config.yaml", "_run_health.json", ".lock"];

    private const string StreamSuffix = "_training_log.jsonl";

    private readonly ConcurrentDictionary<string, HeldHistory> _histories = new(StringComparer.Ordinal);
    private long _requests;

    private sealed class HeldHistory
    {
        public readonly RunHistory History = new();
        public long LastRequest;
    }

    /// <summary>How many histories are held in memory now.</summary>
    public int HeldHistories => _histories.Count;

    /// <summary>The folder searched, as a full path.</summary>
    public string Root { get; } = Path.GetFullPath(saeDirectory);

    /// <summary>Every run below <see cref="Root"/>, ordered by id; an absent folder has none. Walked at most once per <see cref="RediscoverAfter"/>.</summary>
    public IReadOnlyList<RunEntry> Discover()
    {
        var cached = _discovered;
        if (cached is not null && DateTime.UtcNow - cached.At < RediscoverAfter) return cached.Runs;
        var found = new SortedDictionary<string, RunEntry>(StringComparer.Ordinal);
        if (Directory.Exists(Root)) Walk(Root, 0, found);
        IReadOnlyList<RunEntry> runs = [.. found.Values];
        _discovered = new Discovery(DateTime.UtcNow, runs);
        return runs;
    }

    /// <summary>How long a folder walk is reused (one page's requests within a poll share it).</summary>
    public static readonly TimeSpan RediscoverAfter = TimeSpan.FromMilliseconds(500);

    private volatile Discovery? _discovered;

    private sealed record Discovery(DateTime At, IReadOnlyList<RunEntry> Runs);

    /// <summary>The run with id <paramref name="id"/>, or null.</summary>
    public RunEntry? Find(string id) => Discover().FirstOrDefault(r => r.Id == id);

    /// <summary>The run's history, brought up to date with its files.</summary>
    public RunHistory History(RunEntry run)
    {
        var held = _histories.GetOrAdd(run.Id, _ => new HeldHistory());
        held.LastRequest = Interlocked.Increment(ref _requests);
        held.History.Refresh(run.File(StreamSuffix), run.File("_training_history.json"), run.File("_training_log.csv"));
        KeepWithinBudget(held);
        return held.History;
    }

    // Drops the least recently requested histories while the held ones exceed the budget; never the one just requested.
    private void KeepWithinBudget(HeldHistory current)
    {
        var held = _histories.ToArray();
        long total = held.Sum(h => h.Value.History.HeldBytes);
        if (total <= historyBudgetBytes) return;
        foreach (var (id, entry) in held.OrderBy(h => h.Value.LastRequest))
        {
            if (total <= historyBudgetBytes) break;
            if (ReferenceEquals(entry, current)) continue;
            if (_histories.TryRemove(new KeyValuePair<string, HeldHistory>(id, entry))) total -= entry.History.HeldBytes;
        }
    }

    /// <summary>The run's status, from its lock and run-health files.</summary>
    public static RunStatus Status(RunEntry run)
    {
        string lockPath = run.File(".lock");
        if (RunLock.IsHeldByLiveProcess(lockPath))
            return new RunStatus("running", RunLock.DescribeOwner(lockPath) is { } owner ? $"written by {owner}" : null, null, [], null);
        string healthPath = run.File("_run_health.json");
        if (File.Exists(healthPath))
        {
            try
            {
                var health = RunHealthFile.Read(healthPath);
                string state = health.Outcome switch
                {
                    RunOutcome.Completed or RunOutcome.StoppedEarly => "completed",
                    RunOutcome.Interrupted => "interrupted",
                    _ => "failed",
                };
                string detail = $"{health.Outcome}: {health.StepsCompleted:N0} of {health.StepsPlanned:N0} steps";
                return new RunStatus(state, detail, RunHealth.Name(health.Verdict),
                    [.. health.Reasons, .. health.Warnings.Select(w => $"{w.Code} (steps {w.FirstStep}-{w.LastStep}): {w.Message} {w.Remedy}")], null);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return new RunStatus("unknown", null, null, [], e.Message);
            }
        }
        if (File.Exists(lockPath))
            return new RunStatus("failed", $"its process is gone without finishing (killed or crashed): {lockPath} remains", null, [], null);
        return new RunStatus("unknown", "no run-health file (written when a run ends)", null, [], null);
    }

    /// <summary>The scalar values of <c>L_evaluation.json</c> (arrays left out), or null when the run has none.</summary>
    /// <exception cref="InvalidDataException">The file is not an evaluation file (message names it).</exception>
    public static IReadOnlyList<KeyValuePair<string, double>>? Evaluation(RunEntry run)
    {
        string path = run.File("_evaluation.json");
        if (!File.Exists(path)) return null;
        var result = EvaluationFile.Read(path);
        return [new("step", result.Step), .. result.Values];
    }

    /// <summary>Figures of the run's model (PNG and SVG under <c>M/training_plots</c>), those naming the layer first.</summary>
    public IReadOnlyList<string> Figures(RunEntry run)
    {
        string folder = Path.Combine(run.Directory, "training_plots");
        if (!Directory.Exists(folder)) return [];
        try
        {
            return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => Path.GetFileName(f).Contains(run.Layer, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(f => f, StringComparer.Ordinal)
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> when it names an existing PNG or SVG file inside <see cref="Root"/>;
    /// null for anything else (other types, paths leaving the folder, absent files).
    /// </summary>
    public string? FigurePath(string relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative)) return null;
        string full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        string extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".png" or ".svg")) return null;
        return File.Exists(full) ? full : null;
    }

    private void Walk(string folder, int depth, SortedDictionary<string, RunEntry> found)
    {
        IEnumerable<string> files, folders;
        try
        {
            files = Directory.EnumerateFiles(folder).ToList();
            folders = depth < MaxDepth ? Directory.EnumerateDirectories(folder).ToList() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        var layers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string name = Path.GetFileName(file);
            foreach (var suffix in RunFileSuffixes)
            {
                if (!name.EndsWith(suffix, StringComparison.Ordinal) || name.Length == suffix.Length) continue;
                layers.Add(name[..^suffix.Length]);
                break;
            }
        }
        foreach (var layer in layers)
        {
            string relative = Path.GetRelativePath(Root, folder).Replace('\\', '/');
            string model = relative == "." ? Path.GetFileName(Root) : relative;
            var entry = new RunEntry($"{model}/{layer}", model, layer, folder);
            found[entry.Id] = entry;
        }
        foreach (var sub in folders)
        {
            string name = Path.GetFileName(sub);
            // Not run folders: a model's figures, and each layer's saved SAE (with its checkpoints).
            if (name is "training_plots" or "checkpoints" || layers.Contains(name)) continue;
            Walk(sub, depth + 1, found);
        }
    }
}

/// <summary>A run found under the sae-dir: model folder <paramref name="Directory"/>, file stem <paramref name="Layer"/>.</summary>
/// <param name="Id">"model folder relative to the sae-dir / layer": unique, stable, used in URLs.</param>
/// <param name="Model">The model folder relative to the sae-dir.</param>
/// <param name="Layer">The layer's file stem.</param>
/// <param name="Directory">The model folder.</param>
internal sealed record RunEntry(string Id, string Model, string Layer, string Directory)
{
    /// <summary>The run's file <c>M/L{suffix}</c>.</summary>
    public string File(string suffix) => Path.Combine(Directory, Layer + suffix);
}

/// <summary>What the dashboard shows as a run's state.</summary>
/// <param name="State">running, completed, interrupted, failed or unknown.</param>
/// <param name="Detail">A line saying why (outcome and steps, the lock's owner).</param>
/// <param name="Verdict">The run-health verdict, when the run has ended.</param>
/// <param name="Notes">The verdict's reasons and the warnings raised.</param>
/// <param name="Error">Why the status files could not be read.</param>
internal sealed record RunStatus(string State, string? Detail, string? Verdict, IReadOnlyList<string> Notes, string? Error);

/// <summary>JSON helpers shared by the dashboard's endpoints.</summary>
internal static class DashboardJson
{
    /// <summary>Writes <paramref name="value"/>, or null when it is not finite (JSON has no NaN).</summary>
    public static void Number(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value); else w.WriteNullValue();
    }
}
