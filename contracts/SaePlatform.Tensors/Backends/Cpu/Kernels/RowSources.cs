using System.Numerics.Tensors;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>The values of a (possibly broadcast) operand.</summary>
internal readonly struct ValueSource(Bcast x) : IRowSource
{
    public ReadOnlySpan<float> Get(int i, int j0, Span<float> scratch)
    {
        if (x.IsVector) return x.Row(i, j0, scratch.Length);
        scratch.Fill(x.Value(i));
        return scratch;
    }
}

/// <summary>a (op) b with both operands broadcast.</summary>
internal readonly struct BinarySource(BinaryOp op, Bcast a, Bcast b) : IRowSource
{
    public ReadOnlySpan<float> Get(int i, int j0, Span<float> d)
    {
        int n = d.Length;
        if (a.IsVector && b.IsVector) BinaryMath.Apply(op, a.Row(i, j0, n), b.Row(i, j0, n), d);
        else if (a.IsVector) BinaryMath.Apply(op, a.Row(i, j0, n), b.Value(i), d);
        else if (b.IsVector) BinaryMath.Apply(op, a.Value(i), b.Row(i, j0, n), d);
        else d.Fill(BinaryMath.Apply(op, a.Value(i), b.Value(i)));
        return d;
    }
}

/// <summary>
/// The per-element gradient contribution of y = a (op) b to one operand, before summing over broadcast
/// axes: d(a+b) = g; d(a-b) = g, -g; d(ab) = g b, g a; d(a/b) = g / b, -g a / b^2.
/// </summary>
internal readonly struct BinaryGradSource(BinaryOp op, int operand, Bcast g, Bcast a, Bcast b) : IRowSource
{
    public ReadOnlySpan<float> Get(int i, int j0, Span<float> d)
    {
        int n = d.Length;
        var gr = g.Row(i, j0, n);
        switch (op)
        {
            case BinaryOp.Add:
                return gr;
            case BinaryOp.Sub:
                if (operand == 0) return gr;
                TensorPrimitives.Negate(gr, d);
                return d;
            case BinaryOp.Mul:
            {
                var other = operand == 0 ? b : a;
                if (other.IsVector) TensorPrimitives.Multiply(gr, other.Row(i, j0, n), d);
                else TensorPrimitives.Multiply(gr, other.Value(i), d);
                return d;
            }
            default: // Div
                if (operand == 0)
                {
                    if (b.IsVector) TensorPrimitives.Divide(gr, b.Row(i, j0, n), d);
                    else TensorPrimitives.Divide(gr, b.Value(i), d);
                    return d;
                }
                if (a.IsVector) TensorPrimitives.Multiply(gr, a.Row(i, j0, n), d);
                else TensorPrimitives.Multiply(gr, a.Value(i), d);
                if (b.IsVector)
                {
                    var br = b.Row(i, j0, n);
                    TensorPrimitives.Divide(d, br, d);
                    TensorPrimitives.Divide(d, br, d);
                }
                else
                {
                    float bv = b.Value(i);
                    TensorPrimitives.Divide(d, bv, d);
                    TensorPrimitives.Divide(d, bv, d);
                }
                TensorPrimitives.Negate(d, d);
                return d;
        }
    }
}

/// <summary>The four binary operations on spans and scalars.</summary>
internal static class BinaryMath
{
    public static void Apply(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    public static void Apply(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    public static void Apply(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(y, x, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    public static float Apply(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Sub => x - y,
        BinaryOp.Mul => x * y,
        _ => x / y,
    };
}
