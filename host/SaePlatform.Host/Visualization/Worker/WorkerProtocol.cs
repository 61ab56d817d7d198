using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Visualization.Worker;

/// <summary>
/// The worker's stdout lines the host understands: log events it forwards into the run's log, and the reason
/// of a failure the worker caught itself. Anything else a plugin prints is forwarded as information.
/// </summary>
internal static class WorkerProtocol
{
    private const string LogPrefix = "@sae-log|";
    private const string FailedPrefix = "@sae-failed|";
    private const string DoneLine = "@sae-done";

    public static string LogLine(LogLevel level, string message) => LogPrefix + (int)level + "|" + OneLine(message);

    public static string FailedLine(string reason) => FailedPrefix + OneLine(reason);

    /// <summary>The last line of a worker whose visualizer rendered: without it, exit code 0 is not a success.</summary>
    public static string DoneMarker => DoneLine;

    /// <summary>Whether <paramref name="line"/> is the worker's success report.</summary>
    public static bool IsDone(string line) => line == DoneLine;

    /// <summary>Parses a line: a log event, a failure reason, or plain output.</summary>
    public static (LogLevel Level, string Text, bool IsFailure) Parse(string line)
    {
        if (line.StartsWith(FailedPrefix, StringComparison.Ordinal)) return (LogLevel.Error, line[FailedPrefix.Length..], true);
        if (line.StartsWith(LogPrefix, StringComparison.Ordinal))
        {
            var rest = line.AsSpan(LogPrefix.Length);
            var bar = rest.IndexOf('|');
            if (bar > 0 && int.TryParse(rest[..bar], out var level) && level is >= 0 and <= 6)
                return ((LogLevel)level, rest[(bar + 1)..].ToString(), false);
        }
        return (LogLevel.Information, line, false);
    }

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
}
