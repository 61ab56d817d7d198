using System.Runtime.InteropServices;

namespace SaePlatform.Host.Cli;

/// <summary>
/// Ctrl+C or SIGTERM as a cancellation: the first one is announced (<c>announce</c> gets "Ctrl+C" or "SIGTERM") and
/// cancels <see cref="Token"/>, so that the work in hand finishes and saves; a second Ctrl+C is left to the OS.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigterm;
    private readonly ConsoleCancelEventHandler _ctrlC;
    private readonly Action<string> _announce;

    public StopSignal(Action<string> announce)
    {
        _announce = announce;
        _ctrlC = (_, e) =>
        {
            if (_cts.IsCancellationRequested) return;
            e.Cancel = true;
            Request("Ctrl+C");
        };
        Console.CancelKeyPress += _ctrlC;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Request("SIGTERM");
        });
    }

    public CancellationToken Token => _cts.Token;

    // A repeated SIGTERM is announced once.
    private void Request(string signal)
    {
        lock (_cts)
        {
            if (_cts.IsCancellationRequested) return;
            _announce(signal);
            _cts.Cancel();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= _ctrlC;
        _sigterm.Dispose();
        _cts.Dispose();
    }
}
