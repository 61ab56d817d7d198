using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SaePlatform.Host.Logging;

/// <summary>
/// A Serilog sink that copies events into the current run's log file (<c>M/L_train.log</c>). The runner
/// opens a run's log when it starts preparing the run: events are held in memory until the run can start
/// (<see cref="RunLog.Start"/>), then written to the file with everything after, so a run that fails before it
/// starts (bad data, an option that does not fit the data) leaves no file behind. Between runs events go nowhere.
/// </summary>
internal sealed class RunLogFileSink : ILogEventSink, IDisposable
{
    // A run that never starts holds at most this many events; the console has them all anyway.
    private const int MaxPending = 10_000;

    private readonly Lock _gate = new();
    private RunLog? _current;

    public void Emit(LogEvent logEvent)
    {
        lock (_gate) _current?.Emit(logEvent);
    }

    /// <summary>Starts copying events to <paramref name="path"/> now (appending, so a resumed run keeps its log).</summary>
    public IDisposable Open(string path)
    {
        var log = Begin(path);
        log.Start();
        return log;
    }

    /// <summary>Starts holding events for <paramref name="path"/>; nothing is created until <see cref="RunLog.Start"/>.</summary>
    public RunLog Begin(string path)
    {
        var log = new RunLog(this, path);
        lock (_gate)
        {
            _current?.CloseLocked();
            _current = log;
        }
        return log;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current?.CloseLocked();
            _current = null;
        }
    }

    /// <summary>One run's log: held in memory until <see cref="Start"/>, then a file; disposing closes it.</summary>
    internal sealed class RunLog(RunLogFileSink owner, string path) : IDisposable
    {
        private List<LogEvent>? _pending = [];
        private Logger? _file;

        /// <summary>Creates the file (and its folder) and writes the events held so far.</summary>
        public void Start()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var file = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
                .CreateLogger();
            lock (owner._gate)
            {
                if (_file is not null)
                {
                    file.Dispose();
                    return;
                }
                foreach (var e in _pending ?? []) file.Write(e);
                _pending = null;
                _file = file;
            }
        }

        internal void Emit(LogEvent logEvent)
        {
            if (_file is not null) _file.Write(logEvent);
            else if (_pending is { Count: < MaxPending } pending) pending.Add(logEvent);
        }

        internal void CloseLocked()
        {
            _file?.Dispose();
            _file = null;
            _pending = null;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                CloseLocked();
                if (ReferenceEquals(owner._current, this)) owner._current = null;
            }
        }
    }
}
