using System.Diagnostics;
using SaePlatform.Host.Plan.Sweeps;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>One run of a sweep as <c>sae sweep</c> sees it: its files, its state, and its child process while it trains.</summary>
internal sealed class SweepPointRun
{
    private readonly Lock _gate = new();
    private string? _progress;

    public SweepPointRun(PlannedUnit unit)
    {
        Unit = unit;
        Paths = RunPaths.For(unit.Plan.Runs[0]);
        LogPath = Path.Combine(Paths.ModelDirectory, Paths.Layer + "_sweep.log");
    }

    /// <summary>The run.</summary>
    public PlannedUnit Unit { get; }

    /// <summary>Its files.</summary>
    public RunPaths Paths { get; }

    /// <summary>Everything its process printed: <c>M/point/L_sweep.log</c>.</summary>
    public string LogPath { get; }

    /// <summary>Its state (after the sweep: done, failed, interrupted, or pending when it never started).</summary>
    public PointState State { get; set; } = PointState.Pending;

    /// <summary>Whether it was finished before this sweep started (<c>--resume</c>), so it did not run.</summary>
    public bool Skipped { get; set; }

    /// <summary>Whether it continued from a checkpoint.</summary>
    public bool Resumed { get; set; }

    /// <summary>The exit code of its process, null when it did not run.</summary>
    public int? ExitCode { get; set; }

    /// <summary>How long its process ran.</summary>
    public TimeSpan Wall { get; set; }

    /// <summary>The running process.</summary>
    public Process? Process { get; set; }

    /// <summary>Runs while its process runs.</summary>
    public Stopwatch Clock { get; } = new();

    /// <summary><c>point 3 (k=32, model m, layer 6)</c>.</summary>
    public string Label => Unit.Unit.Label;

    /// <summary>The latest progress its process reported (<c>step 300/2000  loss ...</c>), or null.</summary>
    public string? Progress
    {
        get { lock (_gate) return _progress; }
        set { lock (_gate) _progress = value; }
    }
}
