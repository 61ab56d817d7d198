using System.Runtime.InteropServices;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors;

/// <summary>
/// A 1-D tensor of int32 indices (rows to gather, selected features, CSR offsets) on the host or on the current
/// backend's device, so that index data an operation produces can stay where it was computed. On a device the indices
/// are held as the bits of a float32 tensor of the same length (allocated, pooled and scoped like any tensor).
/// </summary>
public sealed class IndexTensor
{
    private readonly int[]? _host;
    private readonly Tensor? _bits;

    private IndexTensor(int[] host)
    {
        _host = host;
        Length = host.Length;
    }

    private IndexTensor(Tensor bits)
    {
        _bits = bits;
        Length = bits.Length;
    }

    /// <summary>Number of indices.</summary>
    public int Length { get; }

    /// <summary>Where the indices live.</summary>
    public TensorDevice Device => _host is not null ? TensorDevice.Host : _bits!.Device;

    /// <summary>True when the indices are in host memory (<see cref="Array"/> and <see cref="Span"/> work).</summary>
    public bool IsHost => _host is not null;

    /// <summary>
    /// The device form: a float32 tensor whose elements hold the indices' bits; null for host indices. Backends read their
    /// device memory through its <see cref="Tensor.Storage"/>.
    /// </summary>
    public Tensor? DeviceBits => _bits;

    /// <summary>The host array (exactly <see cref="Length"/> entries); throws for indices on a device.</summary>
    /// <exception cref="DeviceMemoryAccessException">The indices live on a device.</exception>
    public int[] Array => _host ?? throw DeviceMemoryAccessException.For(_bits!, "IndexTensor.Array");

    /// <summary>The indices in host memory; throws for indices on a device.</summary>
    public Span<int> Span => Array;

    /// <summary>Index <paramref name="i"/> (host indices only; slow path for tests and tools).</summary>
    public int this[int i] => Span[i];

    /// <summary>Host indices over <paramref name="values"/> without copying.</summary>
    public static IndexTensor Wrap(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new IndexTensor(values);
    }

    /// <summary>Uninitialised indices on the current backend's device (scope-tracked there like <see cref="Tensor.Empty"/>).</summary>
    public static IndexTensor Empty(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return TensorBackend.Current.Device.IsHost ? new IndexTensor(GC.AllocateUninitializedArray<int>(length)) : new IndexTensor(Tensor.Empty(length));
    }

    /// <summary>A copy of <paramref name="values"/> on the current backend's device (an upload there).</summary>
    public static IndexTensor FromArray(ReadOnlySpan<int> values)
    {
        if (TensorBackend.Current.Device.IsHost) return new IndexTensor(values.ToArray());
        var bits = Tensor.Empty(values.Length);
        bits.CopyFrom(MemoryMarshal.Cast<int, float>(values));
        return new IndexTensor(bits);
    }

    /// <summary>Indices whose device form is <paramref name="bits"/> (for backends).</summary>
    public static IndexTensor OnDevice(Tensor bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        if (bits.Rank != 1) throw new ArgumentException($"Index bits must be 1-D, got {bits.ShapeString}.", nameof(bits));
        return bits.IsHost ? new IndexTensor(MemoryMarshal.Cast<float, int>(bits.Span).ToArray()) : new IndexTensor(bits);
    }

    /// <summary>Copies the indices to a new host array (a transfer for indices on a device).</summary>
    public int[] ToArray()
    {
        if (_host is not null) return (int[])_host.Clone();
        var values = new int[Length];
        _bits!.CopyTo(MemoryMarshal.Cast<int, float>(values.AsSpan()));
        return values;
    }

    /// <inheritdoc />
    public override string ToString() => $"IndexTensor[{Length}]{(_host is null ? " on " + Device : "")}";
}
