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

    /// <summary>
    /// How many rows of <paramref name="x"/> [rows, n] are non-zero in each column (NaN counts): [n], not recorded.
    /// The per-feature firing counts of a batch, computed where the activations live.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not 2-D.</exception>
    public static Tensor NonZeroCounts(Tensor x)
    {
        Require(x.Rank == 2, "NonZeroCounts", $"needs a 2-D tensor, got {x.ShapeString}");
        var counts = Tensor.Empty(x.Cols);
        B.CountNonZeroColumns(x, counts);
        return counts;
    }

    /// <summary>How many stored entries of each feature of <paramref name="codes"/> are non-zero (NaN counts): [cols], not recorded.</summary>
    public static Tensor NonZeroCounts(Sparse.SparseRows codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var counts = Tensor.Empty(codes.Cols);
        B.SparseCountNonZero(codes, codes.Values, counts);
        return counts;
    }

    /// <summary>
    /// How well <paramref name="xHat"/> reconstructs <paramref name="x"/> ([rows, d] each), computed where they live in
    /// float64 and read back with one transfer: the explained variance relative to the batch mean, the std over rows of
    /// the per-row explained variance, and the squared error per row (see <see cref="Backends.ITensorBackend.ReconstructionStatistics"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or are not 2-D.</exception>
    public static (double ExplainedVariance, double PerRowStd, double SquaredErrorPerRow) ReconstructionStatistics(Tensor x, Tensor xHat)
    {
        using var result = ReconstructionStatisticsF64(x, xHat);
        var bits = result.ReadOnHost();
        return (Storage.Float64Bits.Read(bits, 0), Storage.Float64Bits.Read(bits, 1), Storage.Float64Bits.Read(bits, 2));
    }

    /// <summary>
    /// <see cref="ReconstructionStatistics"/> left on the device: [6], the three float64 values as bit pairs
    /// (<see cref="Storage.Float64Bits"/>), for host code that reads them together with other values of the step.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or are not 2-D.</exception>
    public static Tensor ReconstructionStatisticsF64(Tensor x, Tensor xHat)
    {
        Require(x.Rank == 2 && x.Shape.SequenceEqual(xHat.Shape), "ReconstructionStatistics", $"x {x.ShapeString} and x_hat {xHat.ShapeString} differ");
        var result = Tensor.Empty(6);
        B.ReconstructionStatistics(x, xHat, result);
        return result;
    }

    /// <summary>
    /// Ghost grads' detached per-row scales [rows, 1] and the residual's mean squared row norm (a float64 bit pair [2]),
    /// computed where the tensors live; not recorded (see <see cref="Backends.ITensorBackend.GhostGradScales"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or are not 2-D.</exception>
    public static (Tensor Scale, Tensor ResidualMse) GhostGradScales(Tensor residual, Tensor ghost, double epsilon)
    {
        Require(residual.Rank == 2 && residual.Shape.SequenceEqual(ghost.Shape), "GhostGradScales",
            $"residual {residual.ShapeString} and ghost {ghost.ShapeString} differ");
        var scale = Tensor.Empty(residual.Rows, 1);
        var mse = Tensor.Empty(2);
        B.GhostGradScales(residual, ghost, epsilon, scale, mse);
        return (scale, mse);
    }

    /// <summary>
    /// (float)(numerator / (denominator + epsilon)) as a scalar on the device, the numerator a float64 bit pair
    /// (<see cref="Storage.Float64Bits"/>); not recorded (a detached factor).
    /// </summary>
    /// <exception cref="ArgumentException">The numerator is not [2] or the denominator not a single value.</exception>
    public static Tensor DivideF64(Tensor numerator, Tensor denominator, double epsilon)
    {
        Require(numerator.Length == 2 && denominator.Length == 1, "DivideF64",
            $"needs a float64 bit pair and a scalar, got {numerator.ShapeString} and {denominator.ShapeString}");
        var result = Tensor.Empty();
        B.DivideF64(numerator, denominator, epsilon, result);
        return result;
    }

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
