using System.Buffers.Binary;

namespace SaePlatform.Host.Rendering.Cairo;

/// <summary>
/// Adds the PNG <c>pHYs</c> chunk (pixels per metre, unit 1) right after IHDR, since cairo writes none and
/// viewers would otherwise assume 72 or 96 DPI.
/// </summary>
internal static class PngDpi
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] WithDpi(byte[] png, int dpi)
    {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 crc) = 33 bytes.
        const int afterIhdr = 33;
        if (png.Length < afterIhdr || png[12] != (byte)'I' || png[13] != (byte)'H') throw new InvalidDataException("not a PNG with IHDR first");
        uint pixelsPerMetre = (uint)Math.Round(dpi / 0.0254);
        var chunk = new byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        "pHYs"u8.CopyTo(chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), pixelsPerMetre);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), pixelsPerMetre);
        chunk[16] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), Crc32(chunk.AsSpan(4, 13)));
        var result = new byte[png.Length + chunk.Length];
        png.AsSpan(0, afterIhdr).CopyTo(result);
        chunk.CopyTo(result, afterIhdr);
        png.AsSpan(afterIhdr).CopyTo(result.AsSpan(afterIhdr + chunk.Length));
        return result;
    }

    /// <summary>CRC-32 (ISO 3309, the polynomial of the PNG specification) over chunk type and data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
