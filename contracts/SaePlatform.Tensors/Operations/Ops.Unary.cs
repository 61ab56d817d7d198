using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors;

public static partial class Ops
{
    /// <summary>-x.</summary>
    public static Tensor Neg(Tensor x) => Unary(UnaryOp.Neg, x, 0f, 0f, "Neg");

    /// <summary>max(x, 0); gradient 1 where the output is positive, else 0 (0 at x = 0, as PyTorch).</summary>
    public static Tensor Relu(Tensor x) => Unary(UnaryOp.Relu, x, 0f, 0f, "Relu");

    /// <summary>The logistic function 1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(UnaryOp.Sigmoid, x, 0f, 0f, "Sigmoid");

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Unary(UnaryOp.Tanh, x, 0f, 0f, "Tanh");

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => Unary(UnaryOp.Exp, x, 0f, 0f, "Exp");

    /// <summary>Natural logarithm (NaN below 0, -inf at 0).</summary>
    public static Tensor Log(Tensor x) => Unary(UnaryOp.Log, x, 0f, 0f, "Log");

    /// <summary>|x|; gradient sign(x), 0 at x = 0.</summary>
    public static Tensor Abs(Tensor x) => Unary(UnaryOp.Abs, x, 0f, 0f, "Abs");

    /// <summary>x^2.</summary>
    public static Tensor Square(Tensor x) => Unary(UnaryOp.Square, x, 0f, 0f, "Square");

    /// <summary>Square root; the gradient is infinite at 0.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(UnaryOp.Sqrt, x, 0f, 0f, "Sqrt");

    /// <summary>x^p element-wise for a constant exponent p; gradient p x^(p-1).</summary>
    public static Tensor Pow(Tensor x, float p) => Unary(UnaryOp.Pow, x, p, 0f, "Pow");

    /// <summary>min(max(x, min), max); gradient 1 for min &lt;= x &lt;= max, else 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Tensor Clamp(Tensor x, float min, float max)
    {
        Require(min <= max, "Clamp", $"min {min} is greater than max {max}");
        return Unary(UnaryOp.Clamp, x, min, max, "Clamp");
    }

    private static Tensor Unary(UnaryOp op, Tensor x, float p, float q, string name)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        B.Unary(op, x, p, q, y);
        if (!GradNode.NeedsRecording(x)) return y;
        return GradNode.Record(y, name, (g, ctx) =>
        {
            var gb = ctx.Grad(0);
            B.UnaryGrad(op, g, x, y, p, q, gb.Beta, gb.Tensor);
        }, x);
    }
}
