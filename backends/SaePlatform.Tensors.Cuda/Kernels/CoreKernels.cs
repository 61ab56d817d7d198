using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>Memory kernels every part of the backend uses.</summary>
internal static class CoreKernels
{
    /// <summary>view[i] = value.</summary>
    public static void Fill(Index1D i, ArrayView<float> view, float value) => view[i] = value;

    /// <summary>y[i] = x[i] * factor, in place when y is x.</summary>
    public static void Scale(Index1D i, ArrayView<float> x, float factor, ArrayView<float> y) => y[i] = x[i] * factor;

    /// <summary>y[i] = beta == 0 ? 0 : beta * y[i] (the k = 0 GEMM).</summary>
    public static void ScaleOrZero(Index1D i, ArrayView<float> y, float beta) => y[i] = beta == 0 ? 0f : beta * y[i];
}
