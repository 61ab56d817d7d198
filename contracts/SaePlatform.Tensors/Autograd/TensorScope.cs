namespace SaePlatform.Tensors.Autograd;

/// <summary>
/// Collects every pooled tensor allocated on this thread while it is the innermost scope and returns
/// them all to the pool when disposed. A training step runs inside one scope, so step N+1 reuses
/// step N's buffers. Scopes nest; <see cref="Escape"/> hands a tensor to the enclosing scope.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;
    private readonly TensorScope? _parent;
    private readonly List<Tensor> _tracked = new(64);
    private bool _disposed;

    private TensorScope(TensorScope? parent) => _parent = parent;

    /// <summary>Starts a scope on this thread.</summary>
    public static TensorScope Begin() => _current = new TensorScope(_current);

    /// <summary>Number of tensors this scope will release.</summary>
    public int TrackedCount => _tracked.Count;

    internal static void Track(Tensor t) => _current?._tracked.Add(t);

    /// <summary>
    /// Moves <paramref name="t"/> out of the innermost scope into its parent (or out of all scopes when
    /// there is none), so it survives this scope's end.
    /// </summary>
    public static Tensor Escape(Tensor t)
    {
        var scope = _current;
        if (scope is null) return t;
        int i = scope._tracked.LastIndexOf(t);
        if (i >= 0)
        {
            scope._tracked.RemoveAt(i);
            scope._parent?._tracked.Add(t);
        }
        return t;
    }

    /// <summary>Releases every tracked tensor and restores the enclosing scope.</summary>
    /// <exception cref="InvalidOperationException">Scopes were not disposed innermost first.</exception>
    public void Dispose()
    {
        if (_disposed) return;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("TensorScope disposed out of order (an inner scope is still open).");
        _disposed = true;
        foreach (var t in _tracked) t.Dispose();
        _tracked.Clear();
        _current = _parent;
    }
}
