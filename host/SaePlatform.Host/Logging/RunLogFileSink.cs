using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SaePlatform.Host.Logging;

/// <summary>
/// A Serilog sink that copies events into the current run's log file (<c>M/L_train.log</c>). The runner
/// opens a file when a run starts and closes it when the run ends; between runs events go nowhere.
/// </summary>
internal sealed class RunLogFileSink : ILogEventSink, IDisposable
{
    private readonly Lock _gate = new();
    private Logger? _file;

    public void Emit(LogEvent logEvent)
    {
        lock (_gate) _file?.Write(logEvent);
    }

    /// <summary>Starts copying events to <paramref name="path"/> (appending, so a resumed run keeps its log).</summary>
    public IDisposable Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        lock (_gate)
        {
            _file?.Dispose();
            _file = file;
        }
        return new Closer(this, file);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private sealed class Closer(RunLogFileSink owner, Logger file) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                if (ReferenceEquals(owner._file, file)) owner._file = null;
            }
            file.Dispose();
        }
    }
}
