using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors;

/// <summary>
/// Differentiable tensor operations. Each returns a new tensor (pooled, owned by the current
/// <see cref="Autograd.TensorScope"/>) and records its gradient when an input requires one.
/// Operation families live in partial files under <c>Operations/</c>.
/// </summary>
public static partial class Ops
{
    private static ITensorBackend B => TensorBackend.Current;

    private static void Require(bool condition, string op, string message)
    {
        if (!condition) throw new ArgumentException($"{op}: {message}");
    }
}
