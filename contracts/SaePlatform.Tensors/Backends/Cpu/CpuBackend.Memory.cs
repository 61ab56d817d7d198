using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public TensorDevice Device => TensorDevice.Host;

    /// <inheritdoc />
    public TensorStorage Allocate(int length, bool persistent) =>
        persistent ? new HostStorage(new float[length], pooled: false) : HostStorage.Rent(length);
}
