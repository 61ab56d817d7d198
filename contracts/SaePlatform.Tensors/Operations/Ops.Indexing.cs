using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Rows of x picked by index: y[i, :] = x[rows[i], :] (rows may repeat). The gradient adds each
    /// output row back into the row it came from.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 2-D or an index is out of range.</exception>
    public static Tensor GatherRows(Tensor x, int[] rows)
    {
        Require(x.Rank == 2, "GatherRows", $"needs a 2-D tensor, got {x.ShapeString}");
        for (int i = 0; i < rows.Length; i++)
            Require((uint)rows[i] < (uint)x.Rows, "GatherRows", $"index {rows[i]} at position {i} is outside [0, {x.Rows})");
        return GatherRows(x, IndexTensor.FromArray(rows)); // a copy: the caller may reuse its array before backward runs
    }

    /// <summary>
    /// <see cref="GatherRows(Tensor, int[])"/> with indices already on the engine's device (checked when on the host).
    /// </summary>
    /// <exception cref="ArgumentException">x is not 2-D or a host index is out of range.</exception>
    public static Tensor GatherRows(Tensor x, IndexTensor rows)
    {
        Require(x.Rank == 2, "GatherRows", $"needs a 2-D tensor, got {x.ShapeString}");
        if (rows.IsHost)
        {
            var index = rows.Span;
            for (int i = 0; i < index.Length; i++)
                Require((uint)index[i] < (uint)x.Rows, "GatherRows", $"index {index[i]} at position {i} is outside [0, {x.Rows})");
        }
        var y = Tensor.Empty(rows.Length, x.Cols);
        B.GatherRows(x, rows, y);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, "GatherRows", (g, ctx) => B.ScatterAddRows(g, rows, ctx.GradZeroed(0)), x);
    }

    /// <summary>
    /// Columns of x picked by index: y[:, j] = x[:, columns[j]] (columns may repeat); a vector [n] is read as one row
    /// and gives a vector [columns.Length]. The gradient adds each output column back into the column it came from.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 1-D or 2-D or an index is out of range.</exception>
    public static Tensor GatherColumns(Tensor x, int[] columns)
    {
        Require(x.Rank is 1 or 2, "GatherColumns", $"needs a 1-D or 2-D tensor, got {x.ShapeString}");
        for (int j = 0; j < columns.Length; j++)
            Require((uint)columns[j] < (uint)x.Cols, "GatherColumns", $"index {columns[j]} at position {j} is outside [0, {x.Cols})");
        return GatherColumns(x, IndexTensor.FromArray(columns)); // a copy: the caller may reuse its array before backward runs
    }

    /// <summary>
    /// <see cref="GatherColumns(Tensor, int[])"/> with indices already on the engine's device (checked when on the host).
    /// </summary>
    /// <exception cref="ArgumentException">x is not 1-D or 2-D or a host index is out of range.</exception>
    public static Tensor GatherColumns(Tensor x, IndexTensor columns)
    {
        Require(x.Rank is 1 or 2, "GatherColumns", $"needs a 1-D or 2-D tensor, got {x.ShapeString}");
        if (columns.IsHost)
        {
            var index = columns.Span;
            for (int j = 0; j < index.Length; j++)
                Require((uint)index[j] < (uint)x.Cols, "GatherColumns", $"index {index[j]} at position {j} is outside [0, {x.Cols})");
        }
        var y = x.Rank == 1 ? Tensor.Empty(columns.Length) : Tensor.Empty(x.Rows, columns.Length);
        B.GatherColumns(x, columns, y);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, "GatherColumns", (g, ctx) => B.ScatterAddColumns(g, columns, ctx.GradZeroed(0)), x);
    }
}
