using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;

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
        y.CopyFrom(x);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, "Reshape", (g, ctx) =>
        {
            var gx = ctx.Grad(0);
            if (!gx.Accumulate) gx.Tensor.CopyFrom(g);
            else B.Binary(BinaryOp.Add, gx.Tensor, g.ViewAs(gx.Tensor.Shape.ToArray()), gx.Tensor);
        }, x);
    }
}
