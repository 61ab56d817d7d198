namespace SaePlatform.Tensors.Cuda;

/// <summary>Operand precision of the CUDA backend's GEMMs; every GEMM accumulates in float32.</summary>
public enum GemmPrecision
{
    /// <summary>float32 operands and arithmetic (the default: the CPU's results within float32 rounding).</summary>
    Fp32,

    /// <summary>float32 operands rounded to TF32 inside the tensor cores (10-bit mantissa), float32 accumulation.</summary>
    Tf32,

    /// <summary>Operands converted to bfloat16, float32 accumulation and output.</summary>
    Bf16,
}

/// <summary>Options of a <see cref="CudaBackend"/>.</summary>
/// <param name="Precision">GEMM operand precision.</param>
/// <param name="CopyStream">Upload large host data (a batch) through pinned staging on a second stream, so the copy runs
/// while earlier kernels still compute.</param>
public sealed record CudaOptions(GemmPrecision Precision, bool CopyStream)
{
    /// <summary>float32 GEMMs, staged uploads on a copy stream.</summary>
    public static CudaOptions Default { get; } = new(GemmPrecision.Fp32, CopyStream: true);
}
