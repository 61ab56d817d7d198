namespace SaePlatform.Tensors.IO;

/// <summary>
/// Floating-point element types that the tensor file readers convert to float32 on load.
/// Writers always store <see cref="Float32"/>.
/// </summary>
public enum TensorFileDtype
{
    /// <summary>IEEE 754 binary16 (numpy <c>f2</c>, safetensors <c>F16</c>).</summary>
    Float16,

    /// <summary>bfloat16: the upper 16 bits of a float32 (safetensors <c>BF16</c>; numpy has no such dtype).</summary>
    BFloat16,

#pragma warning disable CA1720 // numpy's and safetensors' dtype names; renaming would break the contracts.
    /// <summary>IEEE 754 binary32 (numpy <c>f4</c>, safetensors <c>F32</c>).</summary>
    Float32,

    /// <summary>IEEE 754 binary64 (numpy <c>f8</c>, safetensors <c>F64</c>); rounded to nearest float32 on load.</summary>
    Float64,
#pragma warning restore CA1720
}

/// <summary>Sizes of <see cref="TensorFileDtype"/> elements.</summary>
public static class TensorFileDtypeExtensions
{
    /// <summary>Bytes per element: 2, 2, 4 or 8.</summary>
    public static int ElementSize(this TensorFileDtype dtype) => dtype switch
    {
        TensorFileDtype.Float16 or TensorFileDtype.BFloat16 => 2,
        TensorFileDtype.Float32 => 4,
        TensorFileDtype.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor file dtype."),
    };
}
