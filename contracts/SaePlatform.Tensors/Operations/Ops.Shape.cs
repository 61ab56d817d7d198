using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The same elements with another shape of equal element count (a copy; the gradient is reshaped back).
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        Require(Tensor.ShapeLength(shape) == x.Length, "Reshape", $"cannot reshape {x.ShapeString} to [{string.Join(", ", shape)}]");
        var y = Tensor.Empty(shape);
        x.Span.CopyTo(y.Span);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, "Reshape", (g, ctx) =>
        {
            var gx = ctx.Grad(0);
            if (gx.Accumulate) System.Numerics.Tensors.TensorPrimitives.Add(gx.Tensor.Span, g.Span, gx.Tensor.Span);
            else g.Span.CopyTo(gx.Tensor.Span);
        }, x);
    }
}
