using System.Diagnostics;
using SaePlatform.Host.Logging;

namespace SaePlatform.Host.Training.Progress;

/// <summary>
/// The live progress line at the bottom of a terminal (see <see cref="TerminalScreen"/>): bar, step, loss, L0, EV,
/// ETA, dead features and samples/s, redrawn in place at most ten times a second while log lines scroll above it,
/// and removed when the run ends.
/// </summary>
internal sealed class LiveProgress : ITrainingProgress
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly TerminalScreen _screen;
    private readonly string _name;
    private readonly int _batchSize;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _firstSteps = -1;
    private TimeSpan? _lastDraw;

    private LiveProgress(TerminalScreen screen, string name, int batchSize)
    {
        _screen = screen;
        _name = name;
        _batchSize = batchSize;
    }

    /// <summary>Whether a live line is shown by default: stderr and stdout are terminals.</summary>
    public static bool Enabled => TerminalScreen.Stderr.IsTerminal;

    /// <summary>
    /// Runs <paramref name="body"/> with a live line named <paramref name="name"/> when <paramref name="show"/> and
    /// <see cref="Enabled"/>, else with <see cref="NoProgress"/> (the periodic log lines report progress).
    /// </summary>
    public static T Run<T>(string name, int batchSize, bool show, Func<ITrainingProgress, T> body)
    {
        if (!show || !Enabled) return body(NoProgress.Instance);
        var screen = TerminalScreen.Stderr;
        try
        {
            return body(new LiveProgress(screen, name, batchSize));
        }
        finally
        {
            screen.SetStatus(null);
        }
    }

    public void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance, double deadFeatures)
    {
        var now = _clock.Elapsed;
        if (_firstSteps < 0) _firstSteps = stepsDone;
        if (stepsDone < totalSteps && _lastDraw is { } last && now - last < RedrawInterval) return;
        _lastDraw = now;

        double seconds = now.TotalSeconds;
        long done = stepsDone - _firstSteps;
        double stepsPerSecond = done > 0 && seconds > 0 ? done / seconds : double.NaN;
        TimeSpan? remaining = double.IsFinite(stepsPerSecond) ? TimeSpan.FromSeconds((totalSteps - stepsDone) / stepsPerSecond) : null;
        var state = new ProgressState(_name, stepsDone, totalSteps, loss, l0, explainedVariance, deadFeatures,
            stepsPerSecond * _batchSize, remaining);
        _screen.SetStatus(ProgressLine.Format(state, _screen.StatusWidth));
    }
}
