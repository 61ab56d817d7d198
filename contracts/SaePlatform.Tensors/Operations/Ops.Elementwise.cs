using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors;

// Binary element-wise operations with NumPy broadcasting on rank <= 2 shapes (aligned from the right):
// [m, n] with [m, n], [n], [1, n] (a row repeated), [m, 1] (a column repeated) or a scalar; also
// [m, 1] with [n] (outer). The gradient of a broadcast operand is summed over the repeated axis.
public static partial class Ops
{
    /// <summary>a + b, broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Add(Tensor a, Tensor b) => Binary(BinaryOp.Add, a, b, "Add");

    /// <summary>a - b, broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(BinaryOp.Sub, a, b, "Sub");

    /// <summary>a * b element-wise, broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(BinaryOp.Mul, a, b, "Mul");

    /// <summary>a / b element-wise, broadcasting (IEEE: x / 0 is ±inf or NaN).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Div(Tensor a, Tensor b) => Binary(BinaryOp.Div, a, b, "Div");

    /// <summary>
    /// mask != 0 ? a : b element-wise (mask of 0/1 floats, all three the same shape). Gradients flow to a
    /// where the mask is set and to b elsewhere; the mask gets none.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Where(Tensor mask, Tensor a, Tensor b)
    {
        Require(mask.Shape.SequenceEqual(a.Shape) && a.Shape.SequenceEqual(b.Shape), "Where",
            $"mask {mask.ShapeString}, a {a.ShapeString} and b {b.ShapeString} must have the same shape");
        var y = Tensor.Empty(a.Shape.ToArray());
        B.Where(mask, a, b, y);
        if (!GradNode.NeedsRecording(a, b)) return y;
        return GradNode.Record(y, "Where", (g, ctx) =>
        {
            for (int k = 0; k < 2; k++)
            {
                if (!ctx.Needs(k)) continue;
                var gb = ctx.Grad(k);
                B.WhereGrad(mask, g, whereTrue: k == 0, gb.Beta, gb.Tensor);
            }
        }, a, b);
    }

    private static Tensor Binary(BinaryOp op, Tensor a, Tensor b, string name)
    {
        var y = Tensor.Empty(BroadcastShape(a, b, name));
        B.Binary(op, a, b, y);
        if (!GradNode.NeedsRecording(a, b)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            for (int k = 0; k < 2; k++)
            {
                if (!ctx.Needs(k)) continue;
                var gb = ctx.Grad(k);
                B.BinaryGrad(op, k, g, a, b, gb.Beta, gb.Tensor);
            }
        }, a, b);
    }

    /// <summary>NumPy broadcast of two rank &lt;= 2 shapes.</summary>
    private static int[] BroadcastShape(Tensor a, Tensor b, string op)
    {
        if (a.Shape.SequenceEqual(b.Shape)) return a.Shape.ToArray();
        int rows = BroadcastDim(a.Rows, b.Rows), cols = BroadcastDim(a.Cols, b.Cols);
        Require(rows >= 0 && cols >= 0, op, $"shapes {a.ShapeString} and {b.ShapeString} do not broadcast");
        return Math.Max(a.Rank, b.Rank) switch
        {
            2 => [rows, cols],
            1 => [cols],
            _ => [],
        };
    }

    private static int BroadcastDim(int x, int y) => x == y ? x : x == 1 ? y : y == 1 ? x : -1;
}
