namespace SaePlatform.Tensors.Backends;

/// <summary>
/// The device-specific kernels behind <see cref="Ops"/>. Operations and autograd are written once
/// against this interface; a CUDA backend implements it without touching plugins. The interface is
/// split by kernel family into partial files (<c>ITensorBackend.*.cs</c>).
/// </summary>
public partial interface ITensorBackend
{
    /// <summary>Short description, e.g. "cpu (openblas, 2 threads)".</summary>
    string Name { get; }

    /// <summary>
    /// General matrix product on 2-D tensors: C = alpha * op(A) * op(B) + beta * C, where op transposes
    /// when asked. Shapes: op(A) is [m, k], op(B) is [k, n], C is [m, n]. With beta 0, C's prior contents
    /// are ignored (NaN included).
    /// </summary>
    void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c);
}
