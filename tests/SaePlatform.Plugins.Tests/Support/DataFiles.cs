using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>A temporary folder for data files, deleted when disposed.</summary>
internal sealed class DataFolder : IDisposable
{
    public DataFolder() => Path = Directory.CreateTempSubdirectory("sae-data-tests-").FullName;

    public string Path { get; }

    public string File(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>
/// File bytes assembled from the format specifications, independently of the readers under test: .npy as
/// numpy.save writes it (format 1.0, dict header padded with spaces and a newline to a multiple of 64 bytes),
/// .npz as numpy.savez (a stored zip of name.npy entries), safetensors (u64 LE header length, JSON header,
/// data) and IDX (big-endian magic and sizes, raw bytes, optionally gzip).
/// </summary>
internal static class DataFiles
{
    /// <summary>numpy.save of a C-ordered array with descriptor <paramref name="descr"/> and raw little-endian data.</summary>
    public static byte[] Npy(string descr, long[] shape, byte[] data)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, (byte)(header.Length >> 8) };
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] F4(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }

    public static byte[] F8(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), values[i]);
        return b;
    }

    public static byte[] F2(params float[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(b.AsSpan(i * 2), (Half)values[i]);
        return b;
    }

    /// <summary>bfloat16: the upper 16 bits of each float32 (the values given must be exactly representable).</summary>
    public static byte[] Bf16(params float[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
        return b;
    }

    /// <summary>Writes a float32 .npy file of shape [rows, cols].</summary>
    public static void WriteF4(string path, int rows, int cols, float[] values) =>
        File.WriteAllBytes(path, Npy("<f4", [rows, cols], F4(values)));

    /// <summary>numpy.savez: a zip archive with stored (uncompressed) entries <c>name.npy</c>.</summary>
    public static void Npz(string path, params (string Name, byte[] Npy)[] arrays)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, npy) in arrays)
        {
            using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
            entry.Write(npy);
        }
    }

    /// <summary>A safetensors file from (name, dtype, shape, bytes) entries laid out in order.</summary>
    public static byte[] Safetensors(params (string Name, string Dtype, long[] Shape, byte[] Data)[] tensors)
    {
        var json = new StringBuilder("{");
        long offset = 0;
        foreach (var (name, dtype, shape, data) in tensors)
        {
            if (json.Length > 1) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(',', shape)}],\"data_offsets\":[{offset},{offset + data.Length}]}}");
            offset += data.Length;
        }
        json.Append('}');
        while ((8 + json.Length) % 8 != 0) json.Append(' '); // the reference writer pads the header to 8 bytes
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var bytes = new byte[8 + header.Length + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        long at = 8 + header.Length;
        foreach (var t in tensors) { t.Data.CopyTo(bytes, at); at += t.Data.Length; }
        return bytes;
    }

    /// <summary>An IDX file of unsigned bytes: magic 0x00000803 (3 dims), big-endian sizes, pixels.</summary>
    public static byte[] IdxU8(int count, int rowsPerImage, int colsPerImage, byte[] pixels)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)rowsPerImage);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), (uint)colsPerImage);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>All rows of an opened source, row-major.</summary>
    public static float[] ReadAll(SaePlatform.Contracts.Data.IDataSource source, SaePlatform.Contracts.Data.DataSourceInfo info)
    {
        var all = new float[info.RowCount * info.Width];
        source.ReadRows(0, all);
        return all;
    }
}

/// <summary>Keeps every logged message so tests can assert warnings.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
