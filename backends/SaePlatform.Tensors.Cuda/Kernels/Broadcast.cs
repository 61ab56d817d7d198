using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// An operand of a broadcast kernel seen from an output [rows, cols] (NumPy rules, rank &lt;= 2): element (i, j) is
/// <c>Data[i * RowStride + j * ColStride]</c>, the strides being (cols, 1) for a full operand, (0, 1) for a row vector,
/// (1, 0) for a column vector and (0, 0) for a single value.
/// </summary>
internal struct Operand
{
    public ArrayView<float> Data;
    public int RowStride;
    public int ColStride;

    public readonly float At(int i, int j) => Data[i * RowStride + j * ColStride];

    /// <summary>How <paramref name="data"/> of shape [rows, cols] maps onto an output [outRows, outCols].</summary>
    /// <exception cref="ArgumentException">The shape does not broadcast.</exception>
    public static Operand For(ArrayView<float> data, int rows, int cols, int outRows, int outCols)
    {
        var o = new Operand { Data = data };
        if (rows == outRows && cols == outCols) { o.RowStride = cols; o.ColStride = 1; }
        else if (rows == 1 && cols == 1) { o.RowStride = 0; o.ColStride = 0; }
        else if (rows == 1 && cols == outCols) { o.RowStride = 0; o.ColStride = 1; }
        else if (rows == outRows && cols == 1) { o.RowStride = 1; o.ColStride = 0; }
        else throw new ArgumentException($"Shape [{rows}, {cols}] does not broadcast to [{outRows}, {outCols}].");
        return o;
    }
}

/// <summary>
/// The value at (i, j) of what a reduction sums: the operand itself, its square, the gradient contribution of a
/// binary operation to one of its operands (before summing over its broadcast axes), or the gradient of an L2 norm
/// (x times the norm's output gradient over the norm, 0 where the norm is 0).
/// </summary>
internal struct ReduceSource
{
    public const int Value = 0, Square = 1, BinaryGrad = 2, NormGrad = 3;

    public int Mode;
    public int Op;      // BinaryOp as int (BinaryGrad)
    public int Which;   // 0 = a, 1 = b (BinaryGrad)
    public Operand X;   // the value (Value, Square, NormGrad: x) or the output gradient (BinaryGrad)
    public Operand A;   // BinaryGrad: a; NormGrad: the norm
    public Operand B;   // BinaryGrad: b; NormGrad: the norm's output gradient

    public readonly float Get(int i, int j)
    {
        float x = X.At(i, j);
        if (Mode == Value) return x;
        if (Mode == Square) return x * x;
        if (Mode == NormGrad)
        {
            // As the CPU: the factor g / norm first (0 for a zero norm, so never NaN from 0 / 0), then x times it.
            float norm = A.At(i, j);
            return x * (norm > 0 ? B.At(i, j) / norm : 0f);
        }
        // d(a+b) = g; d(a-b) = g, -g; d(ab) = g b, g a; d(a/b) = g / b, -g a / b^2
        switch (Op)
        {
            case 0: return x;
            case 1: return Which == 0 ? x : -x;
            case 2: return Which == 0 ? x * B.At(i, j) : x * A.At(i, j);
            default:
                if (Which == 0) return x / B.At(i, j);
                float b = B.At(i, j);
                return -(x * A.At(i, j) / b / b);
        }
    }
}

/// <summary>
/// target = alpha * (source summed down to the target's shape) + beta * target, without atomics: a full-size target
/// element-wise, a row-vector target one thread per column summing rows in order, a column-vector target one thread per
/// row, a scalar target from fixed partial sums (one per chunk of the flattened rows) added in chunk order. Sums are float64.
/// </summary>
internal static class ReduceKernels
{
    /// <summary>Chunks of a scalar reduction: at most this many partial sums.</summary>
    public const int MaxPartials = 1024;

    public struct Target
    {
        public ArrayView<float> Data;
        public int Rows, Cols;
        public float Alpha, Beta;
    }

    public static float Combine(double sum, float alpha, float beta, float old) =>
        beta == 0 ? (float)(alpha * sum) : (float)(alpha * sum + beta * (double)old);

    public static void Full(Index1D index, ReduceSource source, Target t)
    {
        int i = index / t.Cols, j = index - i * t.Cols;
        float v = source.Get(i, j);
        // As the CPU: beta * old first, then + alpha * v in float32.
        t.Data[index] = t.Beta == 0 ? t.Alpha * v : t.Beta * t.Data[index] + t.Alpha * v;
    }

    public static void Columns(Index1D j, ReduceSource source, Target t)
    {
        double s = 0;
        for (int i = 0; i < t.Rows; i++) s += source.Get(i, j);
        t.Data[j] = Combine(s, t.Alpha, t.Beta, t.Data[j]);
    }

    public static void RowSums(Index1D i, ReduceSource source, Target t)
    {
        double s = 0;
        for (int j = 0; j < t.Cols; j++) s += source.Get(i, j);
        t.Data[i] = Combine(s, t.Alpha, t.Beta, t.Data[i]);
    }

    /// <summary>partials[p] = the sum of flattened elements [p * chunk, (p + 1) * chunk).</summary>
    public static void Partials(Index1D p, ReduceSource source, Target t, int chunk, ArrayView<double> partials)
    {
        long total = (long)t.Rows * t.Cols;
        long start = (long)(int)p * chunk, end = Math.Min(total, start + chunk);
        double s = 0;
        for (long e = start; e < end; e++)
        {
            int i = (int)(e / t.Cols);
            s += source.Get(i, (int)(e - (long)i * t.Cols));
        }
        partials[p] = s;
    }

    /// <summary>One thread: the partial sums in order into the scalar target.</summary>
    public static void Finish(Index1D unused, ArrayView<double> partials, int count, Target t)
    {
        double s = 0;
        for (int p = 0; p < count; p++) s += partials[p];
        t.Data[0] = Combine(s, t.Alpha, t.Beta, t.Data[0]);
    }
}
