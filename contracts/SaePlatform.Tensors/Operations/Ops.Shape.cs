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

    /// <summary>
    /// The values of single-element tensors side by side, [n], copied on their device and not recorded: host code then
    /// reads a step's scalars (loss terms, the total) with one transfer instead of one each.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor has more than one element.</exception>
    public static Tensor StackScalars(IReadOnlyList<Tensor> scalars)
    {
        ArgumentNullException.ThrowIfNull(scalars);
        for (int i = 0; i < scalars.Count; i++)
            Require(scalars[i].Length == 1, "StackScalars", $"item {i} is {scalars[i].ShapeString}, not a single value");
        return Concat(scalars);
    }

    /// <summary>
    /// The elements of <paramref name="parts"/> one after another, flat [total], copied on their device and not recorded:
    /// host code then reads a step's values (scalars, statistics, counts) with one transfer.
    /// </summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long total = 0;
        foreach (var p in parts) total += p.Length;
        var y = Tensor.Empty(checked((int)total));
        int offset = 0;
        foreach (var p in parts)
        {
            if (ReferenceEquals(p.Device, y.Device)) p.Storage.CopyTo(0, y.Storage, offset, p.Length);
            else y.Storage.Upload(offset, p.ReadOnHost());
            offset += p.Length;
        }
        return y;
    }
}
