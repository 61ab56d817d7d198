using System.Buffers.Binary;
using System.Text;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// Reads a zip file's central directory to find where an entry's bytes lie in the file, which
/// <see cref="System.IO.Compression.ZipArchive"/> does not expose. Used to map stored (uncompressed)
/// .npz members instead of decoding them. Layout: PKWARE APPNOTE.TXT 4.3.7 (local file header), 4.3.12
/// (central directory header), 4.3.14 to 4.3.16 (zip64 end records, end of central directory), 4.5.3
/// (zip64 extended information).
/// </summary>
internal static class ZipDirectory
{
    /// <summary>Compression method 0: the entry's bytes are stored as they are.</summary>
    public const int Stored = 0;

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndLength = 22;
    private const int Zip64LocatorLength = 20;
    private const ushort Zip64ExtraId = 0x0001;
    private const ushort EncryptedFlag = 1;
    private const ushort Utf8NameFlag = 1 << 11;

    /// <summary>One central directory record: the entry's name, how it is stored, and where its local header is.</summary>
    public readonly record struct Entry(string Name, int Method, ushort Flags, long CompressedSize, long UncompressedSize, long LocalHeaderOffset)
    {
        /// <summary>Stored without compression or encryption, so its bytes can be read in place.</summary>
        public bool IsPlain => Method == Stored && (Flags & EncryptedFlag) == 0;
    }

    /// <summary>The central directory's entries in directory order.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive or its directory is malformed.</exception>
    public static List<Entry> ReadEntries(FileStream stream)
    {
        var (count, size, offset) = FindDirectory(stream);
        if (size > int.MaxValue || offset + size > stream.Length)
            throw new InvalidDataException($"the central directory ({size} bytes at byte {offset}) lies beyond the end of the file");
        var bytes = ReadAt(stream, offset, (int)size);
        var entries = new List<Entry>((int)Math.Min(count, 1 << 16));
        int p = 0;
        for (long i = 0; i < count; i++)
        {
            if (p + 46 > bytes.Length || U32(bytes, p) != CentralHeaderSignature)
                throw new InvalidDataException($"central directory record {i} at byte {offset + p} is malformed");
            ushort flags = U16(bytes, p + 8);
            int method = U16(bytes, p + 10);
            long compressed = U32(bytes, p + 20), uncompressed = U32(bytes, p + 24);
            int nameLength = U16(bytes, p + 28), extraLength = U16(bytes, p + 30), commentLength = U16(bytes, p + 32);
            long localOffset = U32(bytes, p + 42);
            int end = p + 46 + nameLength + extraLength + commentLength;
            if (end > bytes.Length) throw new InvalidDataException($"central directory record {i} at byte {offset + p} runs past the directory");
            var nameBytes = bytes.AsSpan(p + 46, nameLength);
            // Names are UTF-8 when flagged, else code page 437, which agrees with latin-1 on the ASCII names numpy writes.
            var name = (flags & Utf8NameFlag) != 0 ? Encoding.UTF8.GetString(nameBytes) : Encoding.Latin1.GetString(nameBytes);
            ApplyZip64(bytes.AsSpan(p + 46 + nameLength, extraLength), ref uncompressed, ref compressed, ref localOffset);
            entries.Add(new Entry(name, method, flags, compressed, uncompressed, localOffset));
            p = end;
        }
        return entries;
    }

    /// <summary>File offset of the entry's first data byte (just past its local header).</summary>
    /// <exception cref="InvalidDataException">The local header is missing or malformed.</exception>
    public static long DataStart(FileStream stream, Entry entry)
    {
        if (entry.LocalHeaderOffset + 30 > stream.Length)
            throw new InvalidDataException($"the local header of '{entry.Name}' (byte {entry.LocalHeaderOffset}) lies beyond the end of the file");
        var header = ReadAt(stream, entry.LocalHeaderOffset, 30);
        if (U32(header, 0) != LocalHeaderSignature)
            throw new InvalidDataException($"no local file header for '{entry.Name}' at byte {entry.LocalHeaderOffset}");
        // The local header's own name and extra field lengths may differ from the central record's.
        return entry.LocalHeaderOffset + 30 + U16(header, 26) + U16(header, 28);
    }

    private static (long Count, long Size, long Offset) FindDirectory(FileStream stream)
    {
        long length = stream.Length;
        // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
        int tail = (int)Math.Min(length, EndLength + ushort.MaxValue);
        var bytes = ReadAt(stream, length - tail, tail);
        int end = -1;
        for (int p = tail - EndLength; p >= 0; p--)
            if (U32(bytes, p) == EndSignature && p + EndLength + U16(bytes, p + 20) <= tail) { end = p; break; }
        if (end < 0) throw new InvalidDataException("no end of central directory record (not a zip archive)");

        long count = U16(bytes, end + 10), size = U32(bytes, end + 12), offset = U32(bytes, end + 16);
        long endPosition = length - tail + end;
        if (endPosition >= Zip64LocatorLength)
        {
            var locator = ReadAt(stream, endPosition - Zip64LocatorLength, Zip64LocatorLength);
            if (U32(locator, 0) == Zip64LocatorSignature)
            {
                long zip64End = (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
                if (zip64End < 0 || zip64End + 56 > length) throw new InvalidDataException($"the zip64 end record offset {zip64End} lies beyond the end of the file");
                var record = ReadAt(stream, zip64End, 56);
                if (U32(record, 0) != Zip64EndSignature) throw new InvalidDataException($"no zip64 end of central directory record at byte {zip64End}");
                count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
                size = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
                offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
            }
        }
        if (count < 0 || size < 0 || offset < 0) throw new InvalidDataException("the central directory's size or offset is out of range");
        return (count, size, offset);
    }

    // Zip64 extra field: 64-bit values for exactly those header fields set to 0xFFFFFFFF, in this order.
    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long localOffset)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length) return;
            if (id == Zip64ExtraId)
            {
                var data = extra.Slice(4, size);
                Take(ref data, ref uncompressed);
                Take(ref data, ref compressed);
                Take(ref data, ref localOffset);
                return;
            }
            extra = extra[(4 + size)..];
        }
    }

    private static void Take(ref ReadOnlySpan<byte> data, ref long field)
    {
        if (field != uint.MaxValue || data.Length < 8) return;
        field = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
    }

    private static byte[] ReadAt(FileStream stream, long offset, int count)
    {
        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
}
