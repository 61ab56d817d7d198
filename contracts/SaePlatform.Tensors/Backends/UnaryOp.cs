namespace SaePlatform.Tensors.Backends;

/// <summary>
/// Element-wise unary operations of <see cref="ITensorBackend.Unary"/>. Some take parameters p and q;
/// the others ignore them.
/// </summary>
public enum UnaryOp
{
    /// <summary>-x.</summary>
    Neg,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>e^x.</summary>
    Exp,

    /// <summary>Natural logarithm.</summary>
    Log,

    /// <summary>|x|; its gradient is sign(x), 0 at 0.</summary>
    Abs,

    /// <summary>x * x.</summary>
    Square,

    /// <summary>Square root.</summary>
    Sqrt,

    /// <summary>x^p.</summary>
    Pow,

    /// <summary>min(max(x, p), q); gradient 1 for p &lt;= x &lt;= q, else 0.</summary>
    Clamp,

    /// <summary>x + p.</summary>
    AddScalar,

    /// <summary>x * p.</summary>
    MulScalar,
}
