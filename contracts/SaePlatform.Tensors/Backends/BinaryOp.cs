namespace SaePlatform.Tensors.Backends;

/// <summary>Element-wise binary operations that <see cref="ITensorBackend.Binary"/> broadcasts.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a - b.</summary>
    Sub,

    /// <summary>a * b.</summary>
    Mul,

    /// <summary>a / b.</summary>
    Div,
}
