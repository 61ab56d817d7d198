using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace SaePlatform.Host.Logging;

/// <summary>
/// Serilog setup: console (short template, on stderr so that stdout carries only command output such as
/// <c>--json</c> or <c>--dry-run</c>; printed above the live progress line on a terminal, see
/// <see cref="TerminalScreen"/>) plus the per-run log file sink.
/// </summary>
internal sealed class SaeLogging : IDisposable
{
    private readonly Serilog.Core.Logger _serilog;

    public SaeLogging(bool verbose)
    {
        RunLog = new RunLogFileSink();
        _serilog = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Sink(new TerminalLogSink(TerminalScreen.Stderr))
            .WriteTo.Sink(RunLog)
            .CreateLogger();
        Factory = new SerilogLoggerFactory(_serilog, dispose: false);
    }

    /// <summary>Where a run's log file is switched on and off.</summary>
    public RunLogFileSink RunLog { get; }

    /// <summary>Microsoft.Extensions.Logging factory over Serilog.</summary>
    public ILoggerFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        RunLog.Dispose();
        _serilog.Dispose();
    }
}
