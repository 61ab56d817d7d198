using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs.TensorBoard;

namespace SaePlatform.Host.Runs;

/// <summary>
/// What a run writes while it trains, at every logged step: the streamed history (<see cref="StreamedHistory"/>) and,
/// unless <c>run.tensorboard: false</c>, TensorBoard event files under <c>M/tensorboard/L/</c> (every metric as a scalar
/// under its history name, the log10 feature-density histogram at every density-window end as
/// <see cref="DensityHistogramTag"/>, the resolved config as text). A file that cannot be written (disk full, permissions)
/// is reported once and left behind; the run goes on.
/// </summary>
internal sealed class LiveRunFiles : IDisposable
{
    /// <summary>The feature-density histogram's tag (SAELens's W&amp;B key for the same histogram).</summary>
    public const string DensityHistogramTag = "plots/feature_density_line_chart";

    /// <summary>The resolved config's tag in TensorBoard's Text tab.</summary>
    public const string ConfigTag = "config";

    /// <summary>
    /// Upper edges of the density histogram's buckets: log10(firing frequency + 1e-10) from -10 (never fired) to 0 in steps of
    /// 0.25, so the first bucket holds exactly the features that never fired in the window.
    /// </summary>
    public static readonly IReadOnlyList<double> DensityBucketEdges = Enumerable.Range(0, 41).Select(i => -10 + 0.25 * i).ToArray();

    private readonly ILogger _log;
    private StreamedHistory? _history;
    private EventFileWriter? _events;

    private LiveRunFiles(ILogger log) => _log = log;

    /// <summary>Whether the density histogram is written (the caller computes it only then).</summary>
    public bool WantsDensity => _events is not null;

    /// <summary>
    /// Starts the files for a run at <paramref name="startStep"/> whose history so far is <paramref name="history"/> (empty for
    /// a fresh run, a checkpoint's on resume). A fresh run removes the layer's earlier event files (its other files are
    /// replaced too); a resumed one starts a new event file with a SessionLog START at <paramref name="startStep"/>.
    /// </summary>
    public static LiveRunFiles Open(RunPaths paths, TrainingHistory history, long startStep, int featureCount, bool tensorBoard,
        string configText, ILogger log)
    {
        var files = new LiveRunFiles(log);
        files.GuardHistory("The streamed history " + paths.HistoryJsonl,
            () => files._history = StreamedHistory.Open(paths.HistoryJsonl, paths.HistoryCsv, history, featureCount));
        if (!tensorBoard) return files;
        files.GuardEvents("The TensorBoard event file in " + paths.TensorBoard, () =>
        {
            if (startStep == 0 && Directory.Exists(paths.TensorBoard))
                foreach (var old in Directory.EnumerateFiles(paths.TensorBoard, EventFileWriter.FilePrefix + "*")) File.Delete(old);
            double now = StreamedHistory.Now();
            files._events = EventFileWriter.Create(paths.TensorBoard, now);
            files._events.SessionStart(now, startStep);
            files._events.Text(now, startStep, ConfigTag, AsMarkdownCode(configText));
        });
        return files;
    }

    /// <summary>Writes the history's last row (logged at <paramref name="step"/> with <paramref name="values"/>) and the density histogram when given.</summary>
    public void Record(TrainingHistory history, long step, IReadOnlyDictionary<string, double> values, float[]? log10Density)
    {
        double now = StreamedHistory.Now();
        if (_history is not null) GuardHistory("The streamed history " + _history, () => _history.AppendLast(history, now));
        if (_events is not null)
            GuardEvents("The TensorBoard event file " + _events.Path, () =>
            {
                _events.Scalars(now, step, values);
                if (log10Density is not null) _events.Histogram(now, step, DensityHistogramTag, log10Density, DensityBucketEdges);
            });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _history?.Dispose();
        _events?.Dispose();
    }

    // Markdown renders YAML's indentation and '#' as formatting; an indented code block shows it as written.
    private static string AsMarkdownCode(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => "    " + l));

    private void GuardHistory(string what, Action write)
    {
        if (!Succeeds(what, write)) { _history?.Dispose(); _history = null; }
    }

    private void GuardEvents(string what, Action write)
    {
        if (!Succeeds(what, write)) { _events?.Dispose(); _events = null; }
    }

    private bool Succeeds(string what, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.LiveFileStopped(what, ex.Message);
            return false;
        }
    }
}
