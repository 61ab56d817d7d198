namespace SaePlatform.Tensors.Autograd;

/// <summary>Whether operations record the graph on this thread (like <c>torch.no_grad</c>).</summary>
public static class GradMode
{
    [ThreadStatic] private static int _disabledDepth;

    /// <summary>True unless inside a <see cref="Disable"/> scope on this thread.</summary>
    public static bool IsEnabled => _disabledDepth == 0;

    /// <summary>Stops recording until the returned scope is disposed (nestable). Use for evaluation.</summary>
    public static NoGradScope Disable()
    {
        _disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>Ends a <see cref="Disable"/> scope.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => _disabledDepth--;
    }
}
