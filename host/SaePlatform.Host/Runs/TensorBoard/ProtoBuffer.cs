using System.Buffers.Binary;
using System.Text;

namespace SaePlatform.Host.Runs.TensorBoard;

/// <summary>
/// The few protobuf encodings the event files need, written by hand (protobuf "Encoding" spec): a tag is
/// <c>(field &lt;&lt; 3) | wire type</c> as a varint; wire type 0 varint, 1 fixed 64-bit little-endian, 2 length-delimited
/// (varint length, then bytes: strings, nested messages, packed repeated scalars), 5 fixed 32-bit little-endian.
/// </summary>
internal sealed class ProtoBuffer
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private byte[] _bytes = new byte[256];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The encoded message.</summary>
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public ProtoBuffer Int64(int field, long value)
    {
        Tag(field, Varint);
        RawVarint((ulong)value);
        return this;
    }

    public ProtoBuffer Double(int field, double value)
    {
        Tag(field, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(Grow(8), value);
        return this;
    }

    public ProtoBuffer Float(int field, float value)
    {
        Tag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), value);
        return this;
    }

    public ProtoBuffer String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoBuffer Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)value.Length);
        value.CopyTo(Grow(value.Length));
        return this;
    }

    /// <summary>A nested message (also an empty one: present, with no fields).</summary>
    public ProtoBuffer Message(int field, ProtoBuffer message) => Bytes(field, message.Span);

    /// <summary>A packed repeated double field (proto3's default for repeated scalars).</summary>
    public ProtoBuffer PackedDoubles(int field, IReadOnlyList<double> values)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)values.Count * 8);
        var span = Grow(values.Count * 8);
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], values[i]);
        return this;
    }

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            Grow(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }
        Grow(1)[0] = (byte)value;
    }

    private Span<byte> Grow(int count)
    {
        if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
