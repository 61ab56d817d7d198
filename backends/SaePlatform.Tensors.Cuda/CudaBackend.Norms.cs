using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public void L2Norm(Tensor x, Tensor y)
    {
        // Sums of squares down to y's shape (float64, deterministic), then the square roots in place.
        const string name = nameof(L2Norm);
        int rows = x.Rows, cols = x.Cols;
        ReduceTo(new ReduceSource { Mode = ReduceSource.Square, X = Broadcast(x, rows, cols, name) }, rows, cols, y, 1f, 0f, name);
        Unary(UnaryOp.Sqrt, y, 0f, 0f, y);
    }

    /// <inheritdoc />
    public void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput)
    {
        const string name = nameof(L2NormGrad);
        int rows = x.Rows, cols = x.Cols;
        var source = new ReduceSource
        {
            Mode = ReduceSource.NormGrad,
            X = Broadcast(x, rows, cols, name),
            A = Broadcast(norm, rows, cols, name),
            B = Broadcast(gradOutput, rows, cols, name),
        };
        ReduceTo(source, rows, cols, gradInput, 1f, beta, name);
    }
}
