using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>Element-wise kernels: binary operations with broadcasting, unary operations and masks, with their gradients.</summary>
internal static class ElementwiseKernels
{
    public static void Binary(Index1D index, int op, int cols, Operand a, Operand b, ArrayView<float> y)
    {
        int i = index / cols, j = index - i * cols;
        float x = a.At(i, j), z = b.At(i, j);
        y[index] = op switch { 0 => x + z, 1 => x - z, 2 => x * z, _ => x / z };
    }

    /// <summary>Parameters of a unary operation and its gradient.</summary>
    public struct UnaryArgs
    {
        public int Op;
        public float P, Q, Beta;
    }

    public static float Forward(int op, float x, float p, float q) => op switch
    {
        0 => -x,
        1 => x <= 0f ? 0f : x, // NaN stays NaN, as on the CPU (a GPU's max.f32 would drop it)
        2 => 1f / (1f + MathF.Exp(-x)),
        3 => MathF.Tanh(x),
        4 => MathF.Exp(x),
        5 => MathF.Log(x),
        6 => Math.Abs(x),
        7 => x * x,
        8 => MathF.Sqrt(x),
        9 => MathF.Pow(x, p),
        10 => x < p ? p : x > q ? q : x,
        11 => x + p,
        _ => x * p,
    };

    public static void Unary(Index1D i, UnaryArgs args, ArrayView<float> x, ArrayView<float> y) => y[i] = Forward(args.Op, x[i], args.P, args.Q);

    /// <summary>f'(x) times g (y is f(x)).</summary>
    public static float Derivative(int op, float g, float x, float y, float p, float q) => op switch
    {
        0 => -g,
        1 => y > 0 ? g : 0f,
        2 => g * ((1f - y) * y),
        3 => g * (1f - y * y),
        4 => g * y,
        5 => g * (1f / x),
        6 => x > 0 ? g : x < 0 ? -g : 0f,
        7 => g * (x * 2f),
        8 => g * (0.5f / y),
        9 => g * (MathF.Pow(x, p - 1f) * p),
        10 => x >= p && x <= q ? g : 0f,
        11 => g,
        _ => g * p,
    };

    public static void UnaryGrad(Index1D i, UnaryArgs args, ArrayView<float> g, ArrayView<float> x, ArrayView<float> y, ArrayView<float> d)
    {
        float v = Derivative(args.Op, g[i], x[i], y[i], args.P, args.Q);
        d[i] = args.Beta == 0 ? v : args.Beta * d[i] + v;
    }

    public static void Where(Index1D i, ArrayView<float> mask, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) =>
        y[i] = mask[i] != 0 ? a[i] : b[i];

    public static void WhereGrad(Index1D i, ArrayView<float> mask, ArrayView<float> g, int whereTrue, float beta, ArrayView<float> d)
    {
        float v = (mask[i] != 0) == (whereTrue != 0) ? g[i] : 0f;
        d[i] = beta == 0 ? v : beta * d[i] + v;
    }
}
