using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Cli;

/// <summary>Log events of the commands (event ids 100-199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Message}")]
    public static partial void CommandFailed(this ILogger logger, string message);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "{ConfigError}")]
    public static partial void ConfigError(this ILogger logger, string configError);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "{Count} config error(s); nothing was trained.")]
    public static partial void NothingTrained(this ILogger logger, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Signal}: finishing the current step, then saving and exiting.")]
    public static partial void Interrupted(this ILogger logger, string signal);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Notice}")]
    public static partial void EngineNotice(this ILogger logger, string notice);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Config reference written to {File}")]
    public static partial void ConfigReferenceWritten(this ILogger logger, string file);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Evaluation of {Folder} on {Rows} {Split} rows written to {Path}")]
    public static partial void EvaluationWritten(this ILogger logger, string folder, double rows, string split, string path);

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Plotted {Count} layer(s).")]
    public static partial void Plotted(this ILogger logger, int count);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "{Count} visualizer call(s) failed over {Layers} layer(s):{List}")]
    public static partial void PlotFailures(this ILogger logger, int count, int layers, string list);

    [LoggerMessage(EventId = 140, Level = LogLevel.Error, Message = "Nothing to do: give --output (codes .npy or .npz), --reconstruct and/or --explain-row.")]
    public static partial void EncodeNothingToDo(this ILogger logger);

    [LoggerMessage(EventId = 141, Level = LogLevel.Error, Message = "--top must be >= 0 (got {Top}).")]
    public static partial void EncodeNegativeTop(this ILogger logger, int top);

    [LoggerMessage(EventId = 142, Level = LogLevel.Error, Message = "--output {Path}: use a .npy file (dense codes) or a .npz file (sparse codes).")]
    public static partial void EncodeBadOutput(this ILogger logger, string path);

    [LoggerMessage(EventId = 143, Level = LogLevel.Error, Message = "--reconstruct {Path}: use a .npy file.")]
    public static partial void EncodeBadReconstruct(this ILogger logger, string path);

    [LoggerMessage(EventId = 144, Level = LogLevel.Information, Message = "Writing dense codes ({Size:N0} MiB); a .npz --output stores only the non-zero entries.")]
    public static partial void EncodeDenseSize(this ILogger logger, long size);

    [LoggerMessage(EventId = 145, Level = LogLevel.Information, Message = "Encoded {Done:N0} of {Rows:N0} rows ({Rate:N0} rows/s)")]
    public static partial void EncodeProgress(this ILogger logger, long done, long rows, double rate);

    [LoggerMessage(EventId = 146, Level = LogLevel.Information, Message = "Wrote {Rows:N0} x {Features} sparse codes ({Entries:N0} non-zero, {PerRow:F1} per row) to {Path}")]
    public static partial void EncodeWroteSparse(this ILogger logger, long rows, int features, long entries, double perRow, string path);

    [LoggerMessage(EventId = 147, Level = LogLevel.Information, Message = "Wrote {Rows:N0} x {Features} codes to {Path}")]
    public static partial void EncodeWroteDense(this ILogger logger, long rows, int features, string path);

    [LoggerMessage(EventId = 148, Level = LogLevel.Information, Message = "Wrote {Rows:N0} x {Width} reconstructions to {Path}")]
    public static partial void EncodeWroteReconstructions(this ILogger logger, long rows, int width, string path);
}
