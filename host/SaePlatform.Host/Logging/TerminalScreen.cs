using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SaePlatform.Host.Logging;

/// <summary>
/// The one writer of stderr. On a terminal it keeps a live status line (the training progress) at the bottom:
/// a log line clears it, is printed above it (wrapped at word boundaries with a hanging indent, so the terminal
/// never wraps it) and the status line is redrawn below, in one write. Elsewhere log lines are written as they are
/// and the status line is never shown.
/// </summary>
internal sealed class TerminalScreen
{
    private const string ClearLine = "\r\u001b[K";
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;
    private readonly Func<int> _width;
    private string? _status;

    /// <param name="writer">Where everything goes (stderr).</param>
    /// <param name="isTerminal">Whether <paramref name="writer"/> is a terminal that understands carriage return and erase-line.</param>
    /// <param name="width">The terminal's current width in columns (read at every write, so a resize is followed).</param>
    public TerminalScreen(TextWriter writer, bool isTerminal, Func<int> width)
    {
        _writer = writer;
        IsTerminal = isTerminal;
        _width = width;
    }

    /// <summary>The process's stderr: a terminal when neither stdout nor stderr is redirected and TERM is not <c>dumb</c>.</summary>
    public static TerminalScreen Stderr { get; } = new(Console.Error, DetectTerminal(), ConsoleWidth);

    /// <summary>Writes a table or other Spectre renderable to stdout (the end-of-run loss summary on a terminal).</summary>
    public static void WriteToStdout(IRenderable renderable) => AnsiConsole.Write(renderable);

    /// <summary>Whether a live status line can be shown.</summary>
    public bool IsTerminal { get; }

    /// <summary>Columns a line may use without the terminal wrapping it (one less than the width, so that no line ends in the last column).</summary>
    public int UsableWidth => Math.Max(20, _width() - 1);

    /// <summary>
    /// Columns the live line may use: two fewer than <see cref="UsableWidth"/>, so that the terminal's echo of a
    /// Ctrl+C (<c>^C</c>) at its end does not wrap it onto a second line that could no longer be erased.
    /// </summary>
    public int StatusWidth => UsableWidth - 2;

    /// <summary>Writes one log event's text (one or more lines, no trailing newline needed) above the status line.</summary>
    public void WriteLog(string text, ConsoleColor? color = null)
    {
        text = text.TrimEnd('\r', '\n');
        lock (_gate)
        {
            if (!IsTerminal)
            {
                _writer.Write(text + "\n");
                _writer.Flush();
                return;
            }
            var sb = new StringBuilder();
            if (_status is not null) sb.Append(ClearLine);
            foreach (var line in Wrap(text, UsableWidth))
            {
                if (color is { } c) sb.Append(Sgr(c)).Append(line).Append("\u001b[0m");
                else sb.Append(line);
                sb.Append('\n');
            }
            if (_status is not null) sb.Append(_status);
            _writer.Write(sb.ToString());
            _writer.Flush();
        }
    }

    /// <summary>Shows <paramref name="line"/> as the live status line (cut to <see cref="StatusWidth"/>), or removes it when null. Does nothing off a terminal.</summary>
    public void SetStatus(string? line)
    {
        if (!IsTerminal) return;
        lock (_gate)
        {
            if (line is null && _status is null) return;
            if (line is not null && line.Length > StatusWidth) line = line[..StatusWidth];
            _status = line;
            _writer.Write(ClearLine + (line ?? ""));
            _writer.Flush();
        }
    }

    /// <summary>
    /// Splits <paramref name="text"/> into lines of at most <paramref name="width"/> characters: at its own newlines,
    /// then at the last space that fits; continuation lines are indented past the <c>HH:mm:ss LVL </c> prefix.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        var indent = new string(' ', Math.Min(13, width / 4));
        foreach (var raw in text.Split('\n'))
        {
            var rest = raw.TrimEnd('\r');
            bool first = true;
            do
            {
                var prefix = first ? "" : indent;
                int room = width - prefix.Length;
                if (rest.Length <= room)
                {
                    yield return prefix + rest;
                    break;
                }
                int cut = rest.LastIndexOf(' ', room);
                if (cut <= 0) cut = room;
                yield return prefix + rest[..cut].TrimEnd();
                rest = rest[cut..].TrimStart();
                first = false;
            }
            while (rest.Length > 0);
        }
    }

    private static string Sgr(ConsoleColor c) => c switch
    {
        ConsoleColor.Red => "\u001b[31m",
        ConsoleColor.Yellow => "\u001b[33m",
        _ => "\u001b[2m",
    };

    private static bool DetectTerminal() =>
        !Console.IsErrorRedirected && !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    private static int ConsoleWidth()
    {
        try
        {
            int w = Console.WindowWidth;
            return w > 0 ? w : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
