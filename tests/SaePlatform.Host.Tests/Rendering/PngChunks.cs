using System.Buffers.Binary;
using System.IO.Compression;

namespace SaePlatform.Host.Tests.Rendering;

/// <summary>Reads a PNG's chunks (independently of the renderer) for the smoke tests.</summary>
internal static class PngChunks
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static List<(string Type, byte[] Data, uint Crc)> Read(byte[] png)
    {
        var chunks = new List<(string, byte[], uint)>();
        int offset = 8;
        while (offset + 12 <= png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((type, data, crc));
            offset += 12 + length;
        }
        return chunks;
    }

    /// <summary>The decompressed IDAT stream (filter byte + RGBA bytes per row).</summary>
    public static byte[] ImageData(byte[] png)
    {
        var compressed = Read(png).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Bitwise CRC-32 (PNG specification, sample code), slow but obviously right.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>RGBA pixels (8-bit RGB or RGBA input, alpha 255 for RGB) with the PNG row filters undone (specification section 9).</summary>
    public static byte[] Pixels(byte[] png, out int width, out int height)
    {
        var header = Read(png)[0].Data;
        width = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
        height = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (header[8] != 8 || header[9] is not (2 or 6)) throw new NotSupportedException($"bit depth {header[8]}, colour type {header[9]}");
        int channels = header[9] == 6 ? 4 : 3;
        var data = ImageData(png);
        int stride = width * channels;
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int filter = data[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int raw = data[y * (stride + 1) + 1 + x];
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                pixels[y * stride + x] = (byte)(raw + predictor);
            }
        }
        if (channels == 4) return pixels;
        var rgba = new byte[width * height * 4];
        for (int i = 0, j = 0; i < pixels.Length; i += 3, j += 4)
        {
            rgba[j] = pixels[i];
            rgba[j + 1] = pixels[i + 1];
            rgba[j + 2] = pixels[i + 2];
            rgba[j + 3] = 255;
        }
        return rgba;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
