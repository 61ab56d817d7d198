namespace SaePlatform.Tensors.Backends.SimDevice;

/// <summary>
/// Counts of what crossed between host and a device: every <see cref="Storage.TensorStorage.Upload"/> and
/// <see cref="Storage.TensorStorage.Download"/>, and every host array or host value that crossed the backend interface
/// (index arrays, counts, norms written to host spans, returned sums). Thread-safe.
/// </summary>
public sealed class DeviceTransfers
{
    private long _reads, _bytesToHost, _largestRead, _writes, _bytesToDevice, _largestWrite;

    /// <summary>Device-to-host transfers (each a synchronisation point on a real device).</summary>
    public long HostReads => Interlocked.Read(ref _reads);

    /// <summary>Bytes moved from device to host.</summary>
    public long BytesToHost => Interlocked.Read(ref _bytesToHost);

    /// <summary>The largest single device-to-host transfer, in bytes.</summary>
    public long LargestRead => Interlocked.Read(ref _largestRead);

    /// <summary>Host-to-device transfers.</summary>
    public long HostWrites => Interlocked.Read(ref _writes);

    /// <summary>Bytes moved from host to device.</summary>
    public long BytesToDevice => Interlocked.Read(ref _bytesToDevice);

    /// <summary>The largest single host-to-device transfer, in bytes.</summary>
    public long LargestWrite => Interlocked.Read(ref _largestWrite);

    /// <summary>Starts counting from zero (for example at the start of a training step).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _bytesToHost, 0);
        Interlocked.Exchange(ref _largestRead, 0);
        Interlocked.Exchange(ref _writes, 0);
        Interlocked.Exchange(ref _bytesToDevice, 0);
        Interlocked.Exchange(ref _largestWrite, 0);
    }

    internal void Read(long bytes)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _bytesToHost, bytes);
        Max(ref _largestRead, bytes);
    }

    internal void Write(long bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytesToDevice, bytes);
        Max(ref _largestWrite, bytes);
    }

    private static void Max(ref long field, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref field)) < value && Interlocked.CompareExchange(ref field, value, seen) != seen) { }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{HostReads} reads ({BytesToHost:N0} B, largest {LargestRead:N0} B), {HostWrites} writes ({BytesToDevice:N0} B, largest {LargestWrite:N0} B)";
}
