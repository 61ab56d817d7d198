using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Tests.Support;

/// <summary>A logger factory that keeps every event (level, category, text, exception) for assertions.</summary>
internal sealed class RecordingLoggers : ILoggerFactory
{
    /// <summary>One logged event.</summary>
    public sealed record Line(LogLevel Level, string Category, string Text, Exception? Exception);

    private readonly ConcurrentQueue<Line> _lines = new();

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyList<Line> Lines => [.. _lines];

    /// <summary>The text of every error.</summary>
    public IReadOnlyList<string> Errors => [.. _lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Text)];

    /// <summary>The text of every warning.</summary>
    public IReadOnlyList<string> Warnings => [.. _lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggers owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._lines.Enqueue(new Line(logLevel, category, formatter(state, exception), exception));
        }
    }
}
