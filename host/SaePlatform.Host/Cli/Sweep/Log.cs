using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>Log events of <c>sae sweep</c> (event ids 190-199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 190, Level = LogLevel.Information, Message = "Sweep of {Count} run(s): {Jobs} at a time, {Threads} compute thread(s) each; logs next to each run's files ({Example})")]
    public static partial void SweepStarting(this ILogger logger, int count, int jobs, int threads, string example);

    [LoggerMessage(EventId = 191, Level = LogLevel.Information, Message = "--resume: {Done} run(s) finished already, {Resumed} resume from their checkpoints, {Fresh} start afresh")]
    public static partial void SweepResume(this ILogger logger, int done, int resumed, int fresh);

    [LoggerMessage(EventId = 192, Level = LogLevel.Warning, Message = "{Signal}: stopping every running point (each saves its checkpoint); no new point starts. Resume with --resume.")]
    public static partial void SweepStopping(this ILogger logger, string signal);

    [LoggerMessage(EventId = 193, Level = LogLevel.Information, Message = "Sweep summary written to {Csv} and {Json}")]
    public static partial void SweepSummaryWritten(this ILogger logger, string csv, string json);

    [LoggerMessage(EventId = 194, Level = LogLevel.Error, Message = "{Count} of {Total} point(s) failed; see the summary above for exit codes and logs")]
    public static partial void SweepFailures(this ILogger logger, int count, int total);

    [LoggerMessage(EventId = 195, Level = LogLevel.Information, Message = "Sweep figure written to {Path}")]
    public static partial void SweepFigureWritten(this ILogger logger, string path);

    [LoggerMessage(EventId = 196, Level = LogLevel.Warning, Message = "Sweep figure not drawn: {Reason}")]
    public static partial void SweepFigureFailed(this ILogger logger, string reason);
}
