using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Cuda.Memory;

namespace SaePlatform.Tensors.Cuda.Cuda;

/// <summary>
/// Large uploads (a training batch) through pinned host memory on a second CUDA stream. The host copies the values into
/// one of two pinned slots and returns at once; the device copies them on the copy stream while the compute stream goes
/// on, and the compute stream waits for the copy (an event) before its next kernel. The copy itself waits only for what
/// could still use the target buffer: the kernels queued before its last release (an event recorded when the allocator
/// took it back), or everything queued so far when a kernel has used the buffer since it was handed out.
/// </summary>
internal sealed unsafe class UploadStaging : IDisposable
{
    private readonly CudaAccelerator _accelerator;
    private readonly CudaStream _copyStream;
    private readonly Slot[] _slots = [new(), new()];
    private readonly Dictionary<MemoryBuffer, IntPtr> _released = new(ReferenceEqualityComparer.Instance);
    private readonly IntPtr _computeReached;
    private readonly Lock _gate = new();
    private int _next;

    public UploadStaging(CudaAccelerator accelerator)
    {
        _accelerator = accelerator;
        _copyStream = accelerator.CreateStream(StreamFlags.CU_STREAM_NON_BLOCKING);
        _computeReached = NewEvent();
    }

    /// <summary>Uploads <paramref name="source"/> into <paramref name="target"/>'s range at <paramref name="offset"/>.</summary>
    public void Upload(ReadOnlySpan<float> source, DeviceStorage target, long offset)
    {
        lock (_gate) UploadLocked(source, target, offset);
    }

    private void UploadLocked(ReadOnlySpan<float> source, DeviceStorage target, long offset)
    {
        var slot = _slots[_next];
        _next ^= 1;
        if (slot.Pending) CudaDriver.Check(CudaDriver.EventSynchronize(slot.Done), "cuEventSynchronize"); // the slot's last copy is done
        long bytes = source.Length * 4L;
        if (slot.Bytes < bytes)
        {
            if (slot.Host != IntPtr.Zero) CudaDriver.Check(CudaDriver.MemFreeHost(slot.Host), "cuMemFreeHost");
            slot.Host = IntPtr.Zero;
            CudaDriver.Check(CudaDriver.MemAllocHost(out slot.Host, (nuint)bytes), "cuMemAllocHost");
            slot.Bytes = bytes;
        }
        if (slot.Done == IntPtr.Zero) slot.Done = NewEvent();
        source.CopyTo(new Span<float>((void*)slot.Host, source.Length));

        var compute = ComputeStream;
        if (target.KernelUsed)
        {
            CudaDriver.Check(CudaDriver.EventRecord(_computeReached, compute), "cuEventRecord");
            CudaDriver.Check(CudaDriver.StreamWaitEvent(_copyStream.StreamPtr, _computeReached, 0), "cuStreamWaitEvent");
        }
        else if (_released.TryGetValue(target.Buffer, out var released))
        {
            CudaDriver.Check(CudaDriver.StreamWaitEvent(_copyStream.StreamPtr, released, 0), "cuStreamWaitEvent");
        }
        IntPtr device = target.View.SubView(offset, source.Length).LoadEffectiveAddressAsPtr();
        CudaDriver.Check(CudaDriver.MemcpyHtoDAsync(device, slot.Host, (nuint)bytes, _copyStream.StreamPtr), "cuMemcpyHtoDAsync");
        CudaDriver.Check(CudaDriver.EventRecord(slot.Done, _copyStream.StreamPtr), "cuEventRecord");
        CudaDriver.Check(CudaDriver.StreamWaitEvent(compute, slot.Done, 0), "cuStreamWaitEvent");
        slot.Pending = true;
    }

    /// <summary>Marks where the compute stream stands when the allocator takes <paramref name="buffer"/> back.</summary>
    public void Released(MemoryBuffer buffer)
    {
        lock (_gate) ReleasedLocked(buffer);
    }

    private void ReleasedLocked(MemoryBuffer buffer)
    {
        if (!_released.TryGetValue(buffer, out var cuEvent)) _released[buffer] = cuEvent = NewEvent();
        CudaDriver.Check(CudaDriver.EventRecord(cuEvent, ComputeStream), "cuEventRecord");
    }

    /// <summary>Forgets a buffer given back to the device.</summary>
    public void Freed(MemoryBuffer buffer)
    {
        lock (_gate)
            if (_released.Remove(buffer, out var cuEvent)) _ = CudaDriver.EventDestroy(cuEvent);
    }

    private IntPtr ComputeStream => ((CudaStream)_accelerator.DefaultStream).StreamPtr;

    private static IntPtr NewEvent()
    {
        CudaDriver.Check(CudaDriver.EventCreate(out var cuEvent, CudaDriver.EventDisableTiming), "cuEventCreate");
        return cuEvent;
    }

    public void Dispose()
    {
        _copyStream.Synchronize();
        foreach (var slot in _slots)
        {
            if (slot.Host != IntPtr.Zero) _ = CudaDriver.MemFreeHost(slot.Host);
            if (slot.Done != IntPtr.Zero) _ = CudaDriver.EventDestroy(slot.Done);
        }
        foreach (var cuEvent in _released.Values) _ = CudaDriver.EventDestroy(cuEvent);
        _released.Clear();
        _ = CudaDriver.EventDestroy(_computeReached);
        _copyStream.Dispose();
    }

    private sealed class Slot
    {
        public IntPtr Host;
        public long Bytes;
        public IntPtr Done;
        public bool Pending;
    }
}
