using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Forward values and derivatives of <see cref="UnaryOp"/> on one chunk.</summary>
internal static class UnaryKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(UnaryOp op, ReadOnlySpan<float> x, float p, float q, Span<float> y)
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, 0f, y); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, y); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, y); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnaryOp.Pow: TensorPrimitives.Pow(x, p, y); break;
            case UnaryOp.Clamp: TensorPrimitives.Clamp(x, p, q, y); break;
            case UnaryOp.AddScalar: TensorPrimitives.Add(x, p, y); break;
            case UnaryOp.MulScalar: TensorPrimitives.Multiply(x, p, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    /// <summary>d = g * f'(x) + beta * d on one chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(UnaryOp op, ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float p, float q, float beta, Span<float> d)
    {
        switch (op)
        {
            // Derivatives that are masks or constants: one fused loop, no scratch.
            case UnaryOp.Relu: MaskKernels.MaskedCopy(g, y, MaskKernels.Condition.Positive, 0, 0, beta, d); return;
            case UnaryOp.Abs: MaskKernels.SignTimes(g, x, beta, d); return;
            case UnaryOp.Clamp: MaskKernels.MaskedCopy(g, x, MaskKernels.Condition.Inside, p, q, beta, d); return;
            case UnaryOp.AddScalar: Combine(g, 1f, beta, d); return;
            case UnaryOp.MulScalar: Combine(g, p, beta, d); return;
            case UnaryOp.Neg: Combine(g, -1f, beta, d); return;
            case UnaryOp.Exp: Combine(g, y, beta, d); return; // (e^x)' = e^x = y
        }

        float[] rented = ArrayPool<float>.Shared.Rent(g.Length);
        var s = rented.AsSpan(0, g.Length);
        switch (op)
        {
            case UnaryOp.Sigmoid: // s' = s (1 - s)
                TensorPrimitives.Subtract(1f, y, s);
                TensorPrimitives.Multiply(s, y, s);
                break;
            case UnaryOp.Tanh: // tanh' = 1 - tanh^2
                TensorPrimitives.Multiply(y, y, s);
                TensorPrimitives.Subtract(1f, s, s);
                break;
            case UnaryOp.Log:
                TensorPrimitives.Divide(1f, x, s);
                break;
            case UnaryOp.Square:
                TensorPrimitives.Multiply(x, 2f, s);
                break;
            case UnaryOp.Sqrt: // (sqrt x)' = 1 / (2 sqrt x)
                TensorPrimitives.Divide(0.5f, y, s);
                break;
            case UnaryOp.Pow: // p x^(p-1), computed directly so x = 0 does not divide by zero
                TensorPrimitives.Pow(x, p - 1f, s);
                TensorPrimitives.Multiply(s, p, s);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
        Combine(g, s, beta, d);
        ArrayPool<float>.Shared.Return(rented);
    }

    private static void Combine(ReadOnlySpan<float> g, ReadOnlySpan<float> s, float beta, Span<float> d)
    {
        if (beta == 0) TensorPrimitives.Multiply(g, s, d);
        else
        {
            if (beta != 1) TensorPrimitives.Multiply(d, beta, d);
            TensorPrimitives.MultiplyAdd(g, s, d, d);
        }
    }

    private static void Combine(ReadOnlySpan<float> g, float s, float beta, Span<float> d)
    {
        if (beta == 0) TensorPrimitives.Multiply(g, s, d);
        else
        {
            if (beta != 1) TensorPrimitives.Multiply(d, beta, d);
            TensorPrimitives.MultiplyAdd(g, s, d, d);
        }
    }
}
