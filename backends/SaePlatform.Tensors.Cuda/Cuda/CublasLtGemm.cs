using ILGPU;
using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda.Cuda;

internal sealed class CublasLtGemm : IGemmEngine
{
    public string Name => "cuBLASLt";

    public static CublasLtGemm Load(string path, CudaAccelerator accelerator, GemmPrecision precision) => throw new NotImplementedException();

    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, ArrayView<float> b, float beta, ArrayView<float> c) =>
        throw new NotImplementedException();
}
