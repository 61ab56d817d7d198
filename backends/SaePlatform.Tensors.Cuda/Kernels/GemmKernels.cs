using ILGPU;
using ILGPU.Runtime;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>The backend's own GEMM: one thread per output element, a float32 dot product over k in index order.</summary>
internal static class GemmKernels
{
    /// <summary>Shape and layout of one product (row-major storage).</summary>
    public struct Shape
    {
        public int M, N, K;
        public int TransposeA, TransposeB;
        public float Alpha, Beta;
    }

    public static void Gemm(Index1D index, Shape s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
    {
        int i = index / s.N, j = index - i * s.N;
        float sum = 0f;
        for (int p = 0; p < s.K; p++)
        {
            float x = s.TransposeA != 0 ? a[p * s.M + i] : a[i * s.K + p];
            float y = s.TransposeB != 0 ? b[j * s.K + p] : b[p * s.N + j];
            sum += x * y;
        }
        c[index] = s.Beta == 0 ? s.Alpha * sum : s.Alpha * sum + s.Beta * c[index];
    }

    /// <summary>y[i] = x[i] rounded to bfloat16 (to nearest, ties to even; NaN stays NaN), as its 16 bits.</summary>
    public static void ToBf16(Index1D i, ArrayView<float> x, ArrayView<ushort> y)
    {
        uint bits = Interop.FloatAsInt(x[i]);
        if ((bits & 0x7FFFFFFFu) > 0x7F800000u) y[i] = (ushort)((bits >> 16) | 0x40u);
        else y[i] = (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}

/// <summary>The bfloat16 conversion of <see cref="GemmKernels.ToBf16"/> on the backend's device (tests).</summary>
internal static class Bf16Conversion
{
    public static ushort[] Run(CudaBackend backend, float[] values)
    {
        using var x = backend.Accelerator.Allocate1D(values);
        using var y = backend.Accelerator.Allocate1D<ushort>(values.Length);
        backend.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<ushort>>(GemmKernels.ToBf16)(values.Length, x.View, y.View);
        backend.Accelerator.Synchronize();
        return y.GetAsArray1D();
    }
}

/// <summary>GEMMs by <see cref="GemmKernels.Gemm"/>: the CPU accelerator's, and a GPU's when cuBLASLt is missing.</summary>
internal sealed class KernelGemm(CudaBackend backend) : IGemmEngine
{
    private Action<Index1D, GemmKernels.Shape, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _kernel;

    public string Name => "ILGPU GEMM kernel";

    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, ArrayView<float> b, float beta, ArrayView<float> c)
    {
        var shape = new GemmKernels.Shape { M = m, N = n, K = k, TransposeA = transposeA ? 1 : 0, TransposeB = transposeB ? 1 : 0, Alpha = alpha, Beta = beta };
        (_kernel ??= backend.Accelerator.LoadAutoGroupedStreamKernel<Index1D, GemmKernels.Shape, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmKernels.Gemm))
            (m * n, shape, a, b, c);
    }
}
