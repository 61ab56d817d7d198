using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Visualization.Worker;

/// <summary>The logger a visualizer gets inside a worker: each event becomes a <see cref="WorkerProtocol"/> line on stdout, which the host re-logs.</summary>
internal sealed class WorkerLineLogger(TextWriter output) : ILogger
{
    private static readonly Lock Gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
        lock (Gate)
        {
            output.WriteLine(WorkerProtocol.LogLine(logLevel, message));
            output.Flush();
        }
    }
}
