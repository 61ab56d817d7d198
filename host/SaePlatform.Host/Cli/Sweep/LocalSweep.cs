using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>
/// Runs the points of a sweep on this machine as separate <c>sae train --sweep-point i</c> processes (the same
/// executable), <see cref="Jobs"/> at a time, each with its share of the cores (<c>training.threads</c>), its output in
/// <c>M/point/L_sweep.log</c>, and one progress line per running point. A failing point does not stop the others;
/// a stop request sends SIGTERM to every child (each saves its checkpoint and exits 130) and starts no new one.
/// </summary>
internal sealed partial class LocalSweep(WorkerCommand host, string configPath, IReadOnlyList<string> overrides, SweepConsole console)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <summary>How many points run at once.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Compute threads of each point (<c>--set training.threads=</c>, before the user's own overrides).</summary>
    public int Threads { get; init; } = 1;

    [GeneratedRegex(@"\b(step \d+/\d+\s.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLine();

    /// <summary>Runs every point of <paramref name="points"/> that is not <see cref="SweepPointRun.Skipped"/>; returns when all have ended.</summary>
    public void Run(IReadOnlyList<SweepPointRun> points, CancellationToken stop)
    {
        var queue = new Queue<SweepPointRun>(points.Where(p => !p.Skipped));
        var running = new List<SweepPointRun>();
        var stopping = false;
        while (running.Count > 0 || queue.Count > 0 && !stopping)
        {
            if (stop.IsCancellationRequested && !stopping)
            {
                stopping = true;
                foreach (var point in running)
                    if (point.Process is { HasExited: false } process) ChildSignal.Terminate(process.Id);
            }
            while (!stopping && running.Count < Jobs && queue.TryDequeue(out var next))
            {
                Start(next);
                running.Add(next);
                console.Event($"started {next.Label}{(next.Resumed ? " from its checkpoint" : "")}");
            }
            foreach (var point in running.ToList())
            {
                if (!point.Process!.HasExited) continue;
                Finish(point);
                running.Remove(point);
                console.Event($"{PointStatus.Name(point.State)} {point.Label}: exit {point.ExitCode}, {point.Wall.TotalSeconds:F1} s" +
                              (point.State == PointState.Done ? "" : $"; log {point.LogPath}"));
            }
            console.Progress([.. running.Select(p => $"{p.Label}: {p.Progress ?? "starting"}")]);
            if (running.Count > 0) Thread.Sleep(Tick);
        }
        console.Progress([]);
    }

    private void Start(SweepPointRun point)
    {
        Directory.CreateDirectory(point.Paths.ModelDirectory);
        var info = new ProcessStartInfo(host.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in host.Arguments) info.ArgumentList.Add(argument);
        foreach (var argument in (string[])["train", configPath, "--sweep-point", point.Unit.Unit.Index.ToString(CultureInfo.InvariantCulture), "--no-progress",
                     "--set", "training.threads=" + Threads.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(argument);
        foreach (var text in overrides)
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(text);
        }
        if (point.Resumed) info.ArgumentList.Add("--resume");
        var writer = new StreamWriter(point.LogPath, append: point.Resumed) { AutoFlush = true };
        var gate = new Lock();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate) writer.WriteLine(line);
            if (ProgressLine().Match(line) is { Success: true } match) point.Progress = match.Groups[1].Value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the output events
            lock (gate) writer.Dispose();
        };
        point.Clock.Start();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        point.Process = process;
        point.State = PointState.Running;
    }

    private static void Finish(SweepPointRun point)
    {
        var process = point.Process!;
        process.WaitForExit();
        point.Clock.Stop();
        point.Wall = point.Clock.Elapsed;
        point.ExitCode = process.ExitCode;
        point.State = process.ExitCode switch
        {
            ExitCodes.Success => PointState.Done,
            ExitCodes.Interrupted => PointState.Interrupted,
            _ => PointState.Failed,
        };
        process.Dispose();
        point.Process = null;
    }
}
