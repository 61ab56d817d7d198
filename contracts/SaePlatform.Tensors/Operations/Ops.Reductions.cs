using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

// Sums and means. Results are deterministic (float64 partials over shape-determined chunks, combined
// in a fixed order), so a loss is bit-identical across runs and thread counts.
public static partial class Ops
{
    /// <summary>Sum of all elements, as a scalar (rank 0).</summary>
    public static Tensor Sum(Tensor x) => ReduceAll(x, 1f, "Sum");

    /// <summary>Mean of all elements, as a scalar (rank 0); NaN for an empty tensor.</summary>
    public static Tensor Mean(Tensor x) => ReduceAll(x, 1f / x.Length, "Mean");

    /// <summary>
    /// Sum along <paramref name="axis"/>: for [m, n], axis 0 gives the column sums [n] and axis 1 the row
    /// sums [m]; for [n], axis 0 gives a scalar.
    /// </summary>
    /// <exception cref="ArgumentException">The axis does not exist for this rank.</exception>
    public static Tensor Sum(Tensor x, int axis) => ReduceAxis(x, axis, mean: false, "Sum");

    /// <summary>Mean along <paramref name="axis"/> (shapes as in <see cref="Sum(Tensor, int)"/>).</summary>
    /// <exception cref="ArgumentException">The axis does not exist for this rank.</exception>
    public static Tensor Mean(Tensor x, int axis) => ReduceAxis(x, axis, mean: true, "Mean");

    private static Tensor ReduceAll(Tensor x, float alpha, string name)
    {
        var y = Tensor.Empty();
        B.ReduceSum(x, alpha, 0f, y);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            var gb = ctx.Grad(0);
            B.Expand(g, alpha, gb.Beta, gb.Tensor);
        }, x);
    }

    private static Tensor ReduceAxis(Tensor x, int axis, bool mean, string name)
    {
        Require(axis >= 0 && axis < Math.Max(1, x.Rank), name, $"axis {axis} does not exist for {x.ShapeString}");
        Tensor y;
        Func<Tensor, Tensor> asTarget; // how the result lines up with x for the kernels
        int count;
        if (x.Rank < 2)
        {
            y = Tensor.Empty();
            asTarget = t => t;
            count = x.Length;
        }
        else if (axis == 0)
        {
            y = Tensor.Empty(x.Cols);
            asTarget = t => t;
            count = x.Rows;
        }
        else
        {
            y = Tensor.Empty(x.Rows);
            int rows = x.Rows;
            asTarget = t => t.ViewAs([rows, 1]);
            count = x.Cols;
        }
        float alpha = mean ? 1f / count : 1f;
        B.ReduceSum(x, alpha, 0f, asTarget(y));
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            var gb = ctx.Grad(0);
            B.Expand(asTarget(g), alpha, gb.Beta, gb.Tensor);
        }, x);
    }
}
