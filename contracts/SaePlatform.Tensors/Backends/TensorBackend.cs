using SaePlatform.Tensors.Backends.Cpu;

namespace SaePlatform.Tensors.Backends;

/// <summary>Selects the backend that <see cref="Ops"/> runs on (process-wide; CPU by default).</summary>
public static class TensorBackend
{
    private static ITensorBackend? _current;
    private static readonly AsyncLocal<ITensorBackend?> Scoped = new();

    /// <summary>
    /// The active backend: the one set by <see cref="Use"/> in this asynchronous flow if any, else the process-wide
    /// one. Created lazily; the CPU backend probes for OpenBLAS on first use.
    /// </summary>
    public static ITensorBackend Current
    {
        get => Scoped.Value ?? (_current ??= CpuBackend.Create());
        set => _current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Runs this asynchronous flow (this thread and the tasks it starts) on <paramref name="backend"/> until the
    /// returned handle is disposed, leaving every other flow on the process-wide backend. For tests and for tools
    /// that compare backends side by side.
    /// </summary>
    public static IDisposable Use(ITensorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var previous = Scoped.Value;
        Scoped.Value = backend;
        return new Restore(previous);
    }

    private sealed class Restore(ITensorBackend? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Scoped.Value = previous;
        }
    }

    /// <summary>
    /// One-time notices from backends (for example "OpenBLAS not found, using managed GEMM"). The host
    /// subscribes and logs them once; the engine itself has no logging dependency.
    /// </summary>
    public static event Action<string>? Notice;

    internal static void RaiseNotice(string message) => Notice?.Invoke(message);
}
