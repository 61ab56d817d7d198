using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Cuda.Memory;

/// <summary>
/// Memory of a <see cref="CudaBackend"/>'s accelerator: a buffer from its <see cref="DeviceAllocator"/> (which may be
/// longer than <see cref="TensorStorage.Length"/>, as a caching allocator rounds sizes up). Host code reaches it only through
/// <see cref="Upload"/> and <see cref="Download"/>, which the backend counts in its transfers.
/// </summary>
internal sealed class DeviceStorage : TensorStorage
{
    public DeviceStorage(CudaBackend owner, MemoryBuffer1D<float, Stride1D.Dense> buffer, long length) : base(length)
    {
        Owner = owner;
        Buffer = buffer;
    }

    public CudaBackend Owner { get; }

    /// <summary>The allocator's buffer (at least <see cref="TensorStorage.Length"/> elements).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Buffer { get; }

    /// <summary>
    /// True once a kernel, a fill or a device copy has been queued on this memory (a staged upload into it must then wait
    /// for the compute stream).
    /// </summary>
    public bool KernelUsed { get; set; }

    /// <summary>The elements as a kernel argument.</summary>
    public ArrayView<float> View => Buffer.View.SubView(0, Length);

    public override TensorDevice Device => Owner.Device;

    public override void Upload(long offset, ReadOnlySpan<float> source)
    {
        CheckRange(offset, source.Length);
        if (source.Length == 0) return;
        Owner.Upload(this, offset, source);
    }

    public override void Download(long offset, Span<float> destination)
    {
        CheckRange(offset, destination.Length);
        if (destination.Length == 0) return;
        Owner.Download(this, offset, destination);
    }

    public override void Fill(long offset, long count, float value)
    {
        CheckRange(offset, count);
        if (count == 0) return;
        KernelUsed = true;
        Owner.FillRange(View.SubView(offset, count), value);
    }

    public override void CopyTo(long offset, TensorStorage destination, long destinationOffset, long count)
    {
        CheckRange(offset, count);
        if (destination is not DeviceStorage other || other.Owner != Owner)
            throw new ArgumentException($"Cannot copy from {Device} to {destination.Device} without a transfer; use Upload or Download.", nameof(destination));
        if (count == 0) return;
        KernelUsed = other.KernelUsed = true;
        Owner.CopyRange(View.SubView(offset, count), other.View.SubView(destinationOffset, count));
    }

    protected internal override void Release()
    {
        if (Owner.IsDisposed) return; // the device and all its memory are gone already
        Owner.Bind(); // a tensor may be disposed on any thread; taking a large buffer back records a CUDA event
        Owner.Allocator.Return(this);
    }
}
