using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Runs;

/// <summary>Log events of run folders (event ids 400-449).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "{Lock}: taking over a stale lock ({Owner}); that run ended without removing it.")]
    public static partial void StaleLockTakenOver(this ILogger logger, string @lock, string owner);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning,
        Message = "{What} stopped: {Reason}. Training goes on; the end-of-run history files are still written.")]
    public static partial void LiveFileStopped(this ILogger logger, string what, string reason);
}
