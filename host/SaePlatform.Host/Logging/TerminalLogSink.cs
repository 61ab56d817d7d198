using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace SaePlatform.Host.Logging;

/// <summary>
/// The console sink: formats each event with the short template and hands it to <see cref="TerminalScreen"/>, which
/// prints it above the live progress line on a terminal (warnings yellow, errors red) and as plain text elsewhere.
/// </summary>
internal sealed class TerminalLogSink(TerminalScreen screen) : ILogEventSink
{
    public const string Template = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";
    private readonly MessageTemplateTextFormatter _formatter = new(Template);

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        _formatter.Format(logEvent, text);
        ConsoleColor? color = logEvent.Level switch
        {
            >= LogEventLevel.Error => ConsoleColor.Red,
            LogEventLevel.Warning => ConsoleColor.Yellow,
            _ => null,
        };
        screen.WriteLog(text.ToString(), color);
    }
}
