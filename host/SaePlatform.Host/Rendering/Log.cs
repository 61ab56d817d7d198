using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Rendering;

/// <summary>Log events of figure rendering (event ids 1400-1449).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "cairo is not available ({Reason}); figures are written as SVG by the built-in writer")]
    public static partial void CairoUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Cannot write {Formats} without cairo; writing SVG instead")]
    public static partial void FormatsReplacedBySvg(this ILogger logger, string formats);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Wrote figure {Path}")]
    public static partial void FigureWritten(this ILogger logger, string path);
}
