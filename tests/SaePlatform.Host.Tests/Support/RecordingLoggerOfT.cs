using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Tests.Support;

/// <summary>An <see cref="ILogger{T}"/> that keeps every message with its level, for asserting what a user would see.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    /// <summary>Messages a user sees without <c>-v</c> (Information and above).</summary>
    public IEnumerable<string> Shown => Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
    }
}
