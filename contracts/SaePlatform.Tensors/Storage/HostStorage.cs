using SaePlatform.Tensors.Memory;

namespace SaePlatform.Tensors.Storage;

/// <summary>Host memory: a float array, rented from <see cref="TensorPool"/> or owned outright.</summary>
internal sealed class HostStorage : TensorStorage
{
    private readonly bool _pooled;

    public HostStorage(float[] data, bool pooled) : base(data.Length)
    {
        Data = data;
        _pooled = pooled;
    }

    /// <summary>The array itself (the CPU backend's kernels run over it).</summary>
    public float[] Data { get; }

    public override TensorDevice Device => TensorDevice.Host;

    /// <summary>An uninitialised pooled array of <paramref name="length"/> elements.</summary>
    public static HostStorage Rent(int length) => new(TensorPool.Rent(length), pooled: true);

    public override void Upload(long offset, ReadOnlySpan<float> source)
    {
        CheckRange(offset, source.Length);
        source.CopyTo(Data.AsSpan((int)offset));
    }

    public override void Download(long offset, Span<float> destination)
    {
        CheckRange(offset, destination.Length);
        Data.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public override void Fill(long offset, long count, float value)
    {
        CheckRange(offset, count);
        Data.AsSpan((int)offset, (int)count).Fill(value);
    }

    public override void CopyTo(long offset, TensorStorage destination, long destinationOffset, long count)
    {
        CheckRange(offset, count);
        if (destination is not HostStorage host)
            throw new ArgumentException($"Cannot copy from {Device} to {destination.Device} without a transfer; use Upload or Download.", nameof(destination));
        Data.AsSpan((int)offset, (int)count).CopyTo(host.Data.AsSpan((int)destinationOffset, (int)count));
    }

    protected internal override void Release()
    {
        if (_pooled) TensorPool.Return(Data);
    }
}
