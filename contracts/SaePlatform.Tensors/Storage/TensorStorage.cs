namespace SaePlatform.Tensors.Storage;

/// <summary>
/// The memory behind a tensor: a host array (<see cref="TensorDevice.Host"/>) or a buffer owned by a backend's
/// device. Element counts are <see langword="long"/> so device buffers are not bound by array limits. Every
/// movement of elements between host and device goes through <see cref="Upload"/> and <see cref="Download"/>,
/// which is where a backend counts its transfers.
/// </summary>
public abstract class TensorStorage
{
    /// <summary>Storage of <paramref name="length"/> float32 elements.</summary>
    protected TensorStorage(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    /// <summary>Number of float32 elements.</summary>
    public long Length { get; }

    /// <summary>Where the elements live.</summary>
    public abstract TensorDevice Device { get; }

    /// <summary>Copies host values into elements <c>[offset, offset + source.Length)</c>.</summary>
    public abstract void Upload(long offset, ReadOnlySpan<float> source);

    /// <summary>Copies elements <c>[offset, offset + destination.Length)</c> to host memory.</summary>
    public abstract void Download(long offset, Span<float> destination);

    /// <summary>Sets elements <c>[offset, offset + count)</c> to <paramref name="value"/> on the storage's device.</summary>
    public abstract void Fill(long offset, long count, float value);

    /// <summary>
    /// Copies <paramref name="count"/> elements to <paramref name="destination"/> on the same device, without passing
    /// through host memory.
    /// </summary>
    /// <exception cref="ArgumentException">The destination lives on another device.</exception>
    public abstract void CopyTo(long offset, TensorStorage destination, long destinationOffset, long count);

    /// <summary>
    /// Gives the memory back to whoever allocated it (a pool, a device allocator). Called once, by the tensor that
    /// owns the storage, when it is disposed; views never release.
    /// </summary>
    protected internal abstract void Release();

    /// <summary>Throws unless <c>[offset, offset + count)</c> lies inside the storage.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range runs outside the storage.</exception>
    protected void CheckRange(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"Elements [{offset}, {offset + count}) lie outside storage of {Length} on {Device}.");
    }
}
