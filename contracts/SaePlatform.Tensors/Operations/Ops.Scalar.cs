using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors;

// Operations with a host-side constant (no tensor for the constant, no gradient to it).
public static partial class Ops
{
    /// <summary>x + s element-wise.</summary>
    public static Tensor AddScalar(Tensor x, float s) => Unary(UnaryOp.AddScalar, x, s, 0f, "AddScalar");

    /// <summary>x * s element-wise.</summary>
    public static Tensor MulScalar(Tensor x, float s) => Unary(UnaryOp.MulScalar, x, s, 0f, "MulScalar");

    /// <summary>x * s element-wise; the same as <see cref="MulScalar"/>.</summary>
    public static Tensor Scale(Tensor x, float s) => MulScalar(x, s);
}
