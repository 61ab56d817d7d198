using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Dashboard;

/// <summary>Log events of the dashboard (event ids 1500-1549).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Debug, Message = "Dashboard for {Folder}: {Url}")]
    public static partial void DashboardListening(this ILogger logger, string folder, string url);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning,
        Message = "The dashboard listens on {Address}, not only this machine: anyone who can reach it can read every run under {Folder}.")]
    public static partial void DashboardExposed(this ILogger logger, string address, string folder);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Dashboard request {Path} failed: {Message}")]
    public static partial void DashboardRequestFailed(this ILogger logger, string path, string message);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The dashboard failed ({Message}); the run goes on without it.")]
    public static partial void DashboardNotStarted(this ILogger logger, string message);
}
