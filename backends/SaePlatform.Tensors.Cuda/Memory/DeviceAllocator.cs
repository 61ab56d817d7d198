using ILGPU;
using ILGPU.Runtime;

namespace SaePlatform.Tensors.Cuda.Memory;

/// <summary>
/// A caching device allocator: freed buffers are kept by size class and handed out again, so a training step that
/// repeats the previous step's shapes allocates nothing from the device. Sizes are rounded up (to 512 elements, then to
/// an eighth of the next power of two above 1 Mi elements) so near sizes share buffers. When the device refuses an
/// allocation, the cache is freed and the allocation tried once more, as PyTorch's allocator does.
/// </summary>
internal sealed class DeviceAllocator : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly Action<ArrayView<float>>? _poison;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _cache = new();
    private readonly Lock _gate = new();
    private long _liveBytes, _cachedBytes, _peakBytes, _deviceAllocations;

    /// <param name="accelerator">The device.</param>
    /// <param name="poison">Fills fresh buffers (NaN) so that a kernel reading memory it never wrote shows; null to skip.</param>
    public DeviceAllocator(Accelerator accelerator, Action<ArrayView<float>>? poison)
    {
        _accelerator = accelerator;
        _poison = poison;
    }

    /// <summary>Called with each buffer of at least <see cref="CudaBackend.StagedUploadBytes"/> taken back (the staged uploads' ordering).</summary>
    public Action<MemoryBuffer>? LargeReturned { get; set; }

    /// <summary>Called with each buffer given back to the device.</summary>
    public Action<MemoryBuffer>? Freed { get; set; }

    /// <summary>Bytes held by live tensors.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Bytes kept for reuse.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>Most bytes held from the device at once (live plus cached).</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>How many buffers were allocated from the device (not served from the cache).</summary>
    public long DeviceAllocations => Interlocked.Read(ref _deviceAllocations);

    /// <summary>The size class of a request of <paramref name="length"/> elements.</summary>
    public static long SizeClass(long length)
    {
        if (length <= 0) return 0;
        if (length <= 1 << 20) return (length + 511) / 512 * 512;
        long power = 1L << (64 - (int)long.LeadingZeroCount(length - 1));
        long step = power / 8;
        return (length + step - 1) / step * step;
    }

    /// <summary>Storage of <paramref name="length"/> elements for <paramref name="owner"/>.</summary>
    public DeviceStorage Rent(CudaBackend owner, long length)
    {
        long size = SizeClass(length);
        MemoryBuffer1D<float, Stride1D.Dense>? buffer = null;
        lock (_gate)
        {
            if (_cache.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                buffer = stack.Pop();
                _cachedBytes -= size * 4;
            }
            _liveBytes += size * 4;
        }
        if (buffer is null)
        {
            buffer = AllocateFromDevice(Math.Max(1, size));
            _poison?.Invoke(buffer.View);
        }
        lock (_gate) _peakBytes = Math.Max(_peakBytes, _liveBytes + _cachedBytes);
        return new DeviceStorage(owner, buffer, length);
    }

    /// <summary>Keeps a released tensor's buffer for reuse. Kernels queued before on the stream still see it intact:
    /// the next user's work is queued after them on the same stream.</summary>
    public void Return(DeviceStorage storage)
    {
        long size = SizeClass(storage.Length);
        lock (_gate)
        {
            _liveBytes -= size * 4;
            _cachedBytes += size * 4;
            if (!_cache.TryGetValue(size, out var stack)) _cache[size] = stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
            stack.Push(storage.Buffer);
        }
        if (size * 4 >= CudaBackend.StagedUploadBytes) LargeReturned?.Invoke(storage.Buffer);
    }

    /// <summary>Gives every cached buffer back to the device.</summary>
    public void EmptyCache()
    {
        List<MemoryBuffer1D<float, Stride1D.Dense>> free;
        lock (_gate)
        {
            free = _cache.Values.SelectMany(s => s).ToList();
            _cache.Clear();
            _cachedBytes = 0;
        }
        if (free.Count == 0) return;
        _accelerator.Synchronize();
        foreach (var b in free)
        {
            Freed?.Invoke(b);
            b.Dispose();
        }
    }

    private MemoryBuffer1D<float, Stride1D.Dense> AllocateFromDevice(long size)
    {
        Interlocked.Increment(ref _deviceAllocations);
        try
        {
            return _accelerator.Allocate1D<float>(size);
        }
        catch (Exception first) when (first is AcceleratorException or OutOfMemoryException or InvalidOperationException)
        {
            EmptyCache();
            try
            {
                return _accelerator.Allocate1D<float>(size);
            }
            catch (Exception second) when (second is AcceleratorException or OutOfMemoryException or InvalidOperationException)
            {
                throw new InsufficientMemoryException(
                    $"{_accelerator.Name}: cannot allocate {size * 4L:N0} bytes ({LiveBytes:N0} bytes in live tensors, cache emptied): {second.Message}", second);
            }
        }
    }

    public void Dispose()
    {
        EmptyCache();
    }
}
