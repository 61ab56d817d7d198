using ILGPU;
using ILGPU.Runtime.Cuda;

namespace SaePlatform.Tensors.Cuda.Cuda;

internal sealed class UploadStaging : IDisposable
{
    public UploadStaging(CudaAccelerator accelerator, CudaBackend backend) { _ = accelerator; _ = backend; }

    public void Upload(ReadOnlySpan<float> source, ArrayView<float> target) => throw new NotImplementedException();

    public void Dispose() { }
}
