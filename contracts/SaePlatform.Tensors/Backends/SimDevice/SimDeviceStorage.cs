using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Backends.SimDevice;

/// <summary>
/// Memory of the simulated device: a managed array that only <see cref="SimDeviceBackend"/> hands to its kernels.
/// Uploads and downloads are counted in the backend's <see cref="SimDeviceBackend.Transfers"/>.
/// </summary>
internal sealed class SimDeviceStorage : TensorStorage
{
    public SimDeviceStorage(SimDeviceBackend owner, float[] memory, bool pooled) : base(memory.Length)
    {
        Owner = owner;
        Memory = memory;
        Pooled = pooled;
    }

    public SimDeviceBackend Owner { get; }

    public float[] Memory { get; }

    public bool Pooled { get; }

    public override TensorDevice Device => Owner.Device;

    public override void Upload(long offset, ReadOnlySpan<float> source)
    {
        CheckRange(offset, source.Length);
        Owner.Transfers.Write(source.Length * 4L);
        source.CopyTo(Memory.AsSpan((int)offset));
    }

    public override void Download(long offset, Span<float> destination)
    {
        CheckRange(offset, destination.Length);
        Owner.Transfers.Read(destination.Length * 4L);
        Memory.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public override void Fill(long offset, long count, float value)
    {
        CheckRange(offset, count);
        Memory.AsSpan((int)offset, (int)count).Fill(value);
    }

    public override void CopyTo(long offset, TensorStorage destination, long destinationOffset, long count)
    {
        CheckRange(offset, count);
        if (destination is not SimDeviceStorage other || other.Owner != Owner)
            throw new ArgumentException($"Cannot copy from {Device} to {destination.Device} without a transfer; use Upload or Download.", nameof(destination));
        Memory.AsSpan((int)offset, (int)count).CopyTo(other.Memory.AsSpan((int)destinationOffset, (int)count));
    }

    protected internal override void Release() => Owner.Return(this);
}
