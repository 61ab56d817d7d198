namespace SaePlatform.Tensors.Autograd;

/// <summary>Owns the rules for where gradients live: persistent on leaves, pooled on intermediates.</summary>
internal static class GradStore
{
    public static GradBuffer Acquire(Tensor t)
    {
        if (t.GradRaw is null)
        {
            var shape = t.Shape.ToArray();
            t.GradRaw = t.Node is null ? Tensor.Persistent(shape) : Tensor.Empty(shape);
            t.GradStale = false;
            return new GradBuffer(t.GradRaw, Accumulate: false);
        }
        if (t.GradStale)
        {
            t.GradStale = false;
            return new GradBuffer(t.GradRaw, Accumulate: false);
        }
        return new GradBuffer(t.GradRaw, Accumulate: true);
    }
}
