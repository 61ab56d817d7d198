namespace SaePlatform.Tensors.IO;

/// <summary>The dtype names of the safetensors format (Rust crate <c>safetensors::Dtype</c>) and their element sizes.</summary>
internal static class SafetensorsDtypes
{
    /// <summary>Element size in bytes of each dtype the format defines; null for names it does not know.</summary>
    public static int? ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" or "C64" => 8,
        _ => null,
    };

    /// <summary>The float types this engine reads.</summary>
    public static TensorFileDtype? ToFloatDtype(string dtype) => dtype switch
    {
        "F16" => TensorFileDtype.Float16,
        "BF16" => TensorFileDtype.BFloat16,
        "F32" => TensorFileDtype.Float32,
        "F64" => TensorFileDtype.Float64,
        _ => null,
    };
}
