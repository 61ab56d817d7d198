using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Valid files of every data format the built-in sources read, and systematic corruptions of each: truncation at
/// every structural boundary, flipped header bytes, headers that lie about shape, offsets or dtype, and NaN/Inf
/// at the first, middle and last row. Each corruption is a (class, name, bytes) case.
/// </summary>
internal static class DataFileCorruptions
{
    public const int Rows = 40;
    public const int Width = 4;

    /// <summary>One corrupted file.</summary>
    public sealed record Case(string Class, string Name, byte[] Bytes);

    public static float[] Values(Func<int, float>? spoil = null)
    {
        var values = new float[Rows * Width];
        for (var i = 0; i < values.Length; i++) values[i] = spoil?.Invoke(i) ?? ((i % 7) - 3) * 0.25f;
        return values;
    }

    // NaN, +Inf and -Inf in the first, a middle and the last row.
    private static IEnumerable<(string Name, float[] Values)> NonFinite()
    {
        foreach (var (label, value) in new[] { ("nan", float.NaN), ("inf", float.PositiveInfinity), ("-inf", float.NegativeInfinity) })
        foreach (var (where, row) in new[] { ("first", 0), ("middle", Rows / 2), ("last", Rows - 1) })
            yield return ($"{label} in the {where} row", Values(i => i == row * Width + 1 ? value : ((i % 7) - 3) * 0.25f));
    }

    private static IEnumerable<Case> Truncations(string format, byte[] valid, IEnumerable<int> boundaries)
    {
        foreach (var at in boundaries.Where(b => b >= 0 && b < valid.Length).Distinct().Order())
            yield return new Case($"{format} truncated", $"{format} truncated to {at} bytes", valid[..at]);
    }

    private static IEnumerable<Case> Flips(string format, byte[] valid, int from, int to, params byte[] masks)
    {
        for (var i = from; i < Math.Min(to, valid.Length); i++)
        foreach (var mask in masks)
        {
            var bytes = (byte[])valid.Clone();
            bytes[i] ^= mask;
            yield return new Case($"{format} header byte flipped", $"{format} byte {i} xor 0x{mask:x2}", bytes);
        }
    }

    // ---- .npy ----

    public static byte[] Npy(float[] values, int rows = Rows, int width = Width)
    {
        using var stream = new MemoryStream();
        var path = Path.GetTempFileName();
        try
        {
            NpyFile.Write(path, Tensor.Wrap(values, rows, width));
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A version-1 .npy with any header text and data bytes.</summary>
    public static byte[] NpyRaw(string header, byte[] data, int? declaredLength = null)
    {
        var padded = header;
        while ((10 + padded.Length + 1) % 64 != 0) padded += " ";
        padded += "\n";
        var bytes = new List<byte>();
        bytes.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)(declaredLength ?? padded.Length));
        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(padded));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static string NpyHeader(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    private static byte[] FloatBytes(float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    public static IEnumerable<Case> NpyCases()
    {
        var valid = Npy(Values());
        int headerEnd = 10 + BinaryPrimitives.ReadUInt16LittleEndian(valid.AsSpan(8));
        foreach (var c in Truncations("npy", valid, [0, 1, 5, 6, 7, 8, 9, 10, 11, headerEnd / 2, headerEnd - 1, headerEnd, headerEnd + 1,
                     headerEnd + 4, headerEnd + 4 * Width, headerEnd + 4 * Width * (Rows / 2) + 2, valid.Length - 4, valid.Length - 1]))
            yield return c;
        foreach (var c in Flips("npy", valid, 0, headerEnd, 0xFF)) yield return c;
        foreach (var c in Flips("npy", valid, 6, 10, 0x01, 0x80)) yield return c;

        var data = FloatBytes(Values());
        var lies = new (string Name, byte[] Bytes)[]
        {
            ("shape claims one row more", NpyRaw(NpyHeader("<f4", $"({Rows + 1}, {Width})"), data)),
            ("shape claims twice the rows", NpyRaw(NpyHeader("<f4", $"({Rows * 2}, {Width})"), data)),
            ("shape claims a wider row", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width + 1})"), data)),
            ("shape claims 10^12 rows", NpyRaw(NpyHeader("<f4", $"(1000000000000, {Width})"), data)),
            ("shape with a negative dimension", NpyRaw(NpyHeader("<f4", $"(-1, {Width})"), data)),
            ("shape with a zero width", NpyRaw(NpyHeader("<f4", $"({Rows}, 0)"), data)),
            ("shape 1-D", NpyRaw(NpyHeader("<f4", $"({Rows * Width},)"), data)),
            ("shape scalar", NpyRaw(NpyHeader("<f4", "()"), data[..4])),
            ("shape not a tuple", NpyRaw(NpyHeader("<f4", "'forty'"), data)),
            ("shape overflows int64", NpyRaw(NpyHeader("<f4", "(99999999999999999999, 4)"), data)),
            ("header length field larger than the header", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width})"), data, declaredLength: 200)),
            ("header length field smaller than the header", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width})"), data, declaredLength: 20)),
            ("header length field 0", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width})"), data, declaredLength: 0)),
            ("header length field 65535", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width})"), data, declaredLength: 65535)),
            ("fortran order", NpyRaw(NpyHeader("<f4", $"({Rows}, {Width})", fortran: true), data)),
            ("header is not a dict", NpyRaw("[1, 2, 3]", data)),
            ("header misses shape", NpyRaw("{'descr': '<f4', 'fortran_order': False, }", data)),
            ("header misses descr", NpyRaw($"{{'fortran_order': False, 'shape': ({Rows}, {Width}), }}", data)),
            ("header is binary", NpyRaw("\u0001\u0002\u0003", data)),
            ("extra bytes after the data", NpyRaw(NpyHeader("<f4", $"({Rows - 1}, {Width})"), data)),
        };
        foreach (var (name, bytes) in lies) yield return new Case("npy header lies about shape or offsets", name, bytes);

        foreach (var descr in new[] { "<i4", "<i8", "|u1", "|b1", "<c8", "<U1", "|O", "<M8[s]", "|V4", ">f4", "<f2", "<f8", "zz" })
            yield return new Case("npy dtype", $"dtype {descr} with float32 bytes", NpyRaw(NpyHeader(descr, $"({Rows}, {Width})"), data));

        foreach (var (name, values) in NonFinite()) yield return new Case("npy NaN/Inf", name, Npy(values));
    }

    // ---- .npz ----

    public static byte[] Npz(float[] values, bool compress)
    {
        var path = Path.GetTempFileName();
        try
        {
            NpzFile.Write(path, [new("x", Tensor.Wrap(values, Rows, Width))], compress);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static IEnumerable<Case> NpzCases()
    {
        foreach (var compress in new[] { false, true })
        {
            var format = compress ? "npz (deflated)" : "npz (stored)";
            var valid = Npz(Values(), compress);
            var eocd = valid.Length - 22;
            var central = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(eocd + 16));
            foreach (var c in Truncations(format, valid, [0, 1, 4, 22, 30, 30 + 5, central / 2, central - 1, central, central + 20, eocd, eocd + 10, valid.Length - 1]))
                yield return c;
            foreach (var c in Flips(format, valid, central, valid.Length, 0xFF)) yield return c;
            foreach (var c in Flips(format, valid, 0, 30, 0xFF)) yield return c;
            // The .npy header inside the member (stored: in place after the local header and name).
            if (!compress)
            {
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(valid.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(valid.AsSpan(28));
                foreach (var c in Flips(format, valid, 30 + nameLength, 30 + nameLength + 64, 0xFF)) yield return c with { Class = $"{format} member header byte flipped" };
            }
            foreach (var (name, values) in NonFinite()) yield return new Case($"{format} NaN/Inf", name, Npz(values, compress));
        }
        using var empty = new MemoryStream();
        using (new ZipArchive(empty, ZipArchiveMode.Create, leaveOpen: true)) { }
        yield return new Case("npz (stored) lies", "archive without arrays", empty.ToArray());
        using var notNpy = new MemoryStream();
        using (var zip = new ZipArchive(notNpy, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(zip.CreateEntry("x.npy").Open())) w.Write("this is not an npy file");
        yield return new Case("npz (stored) lies", "member that is not .npy", notNpy.ToArray());
    }

    // ---- safetensors ----

    public static byte[] Safetensors(float[] values)
    {
        using var stream = new MemoryStream();
        SafetensorsFile.Write(stream, [new("x", Tensor.Wrap(values, Rows, Width))]);
        return stream.ToArray();
    }

    public static byte[] SafetensorsRaw(string json, byte[] data, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static IEnumerable<Case> SafetensorsCases()
    {
        var valid = Safetensors(Values());
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        foreach (var c in Truncations("safetensors", valid, [0, 1, 4, 7, 8, 9, headerEnd / 2, headerEnd - 1, headerEnd, headerEnd + 1,
                     headerEnd + 4 * Width, valid.Length - 4, valid.Length - 1]))
            yield return c;
        foreach (var c in Flips("safetensors", valid, 0, headerEnd, 0xFF)) yield return c;

        var data = FloatBytes(Values());
        var n = data.Length;
        string Json(string dtype, string shape, string offsets) => "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
        var lies = new (string Name, byte[] Bytes)[]
        {
            ("shape claims one row more", SafetensorsRaw(Json("F32", $"[{Rows + 1},{Width}]", $"[0,{n}]"), data)),
            ("shape claims a wider row", SafetensorsRaw(Json("F32", $"[{Rows},{Width + 1}]", $"[0,{n}]"), data)),
            ("shape 1-D", SafetensorsRaw(Json("F32", $"[{Rows * Width}]", $"[0,{n}]"), data)),
            ("shape scalar", SafetensorsRaw(Json("F32", "[]", "[0,4]"), data[..4])),
            ("shape negative", SafetensorsRaw(Json("F32", $"[-1,{Width}]", $"[0,{n}]"), data)),
            ("shape 10^12 rows", SafetensorsRaw(Json("F32", $"[1000000000000,{Width}]", $"[0,{n}]"), data)),
            ("offsets past the end", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[0,{n * 2}]"), data)),
            ("offsets reversed", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[{n},0]"), data)),
            ("offsets negative", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[-4,{n - 4}]"), data)),
            ("offsets shifted", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[4,{n + 4}]"), data)),
            ("offsets not numbers", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", "[\"a\",\"b\"]"), data)),
            ("header length larger than the file", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[0,{n}]"), data, 1_000_000)),
            ("header length 2^64-1", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[0,{n}]"), data, ulong.MaxValue)),
            ("header length 0", SafetensorsRaw("", data, 0)),
            ("header not JSON", SafetensorsRaw("not json at all", data)),
            ("header a JSON list", SafetensorsRaw("[1,2,3]", data)),
            ("tensor missing", SafetensorsRaw(Json("F32", $"[{Rows},{Width}]", $"[0,{n}]").Replace("\"x\"", "\"y\"", StringComparison.Ordinal), data)),
            ("tensor entry not an object", SafetensorsRaw("""{"x": 3}""", data)),
        };
        foreach (var (name, bytes) in lies) yield return new Case("safetensors header lies about shape or offsets", name, bytes);
        foreach (var dtype in new[] { "I32", "I64", "U8", "BOOL", "F8_E4M3", "C64", "ZZZ", "F16", "F64" })
            yield return new Case("safetensors dtype", $"dtype {dtype} with float32 bytes", SafetensorsRaw(Json(dtype, $"[{Rows},{Width}]", $"[0,{n}]"), data));
        foreach (var (name, values) in NonFinite()) yield return new Case("safetensors NaN/Inf", name, Safetensors(values));
    }

    // ---- idx (MNIST) ----

    public static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] BigEndianFloats(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static IEnumerable<Case> IdxCases()
    {
        var pixels = Enumerable.Range(0, Rows * Width).Select(i => (byte)(i * 7)).ToArray();
        var valid = Idx(0x08, [Rows, 2, 2], pixels);
        foreach (var c in Truncations("idx", valid, [0, 1, 2, 3, 4, 5, 8, 12, 15, 16, 17, 16 + Width, valid.Length / 2, valid.Length - 1]))
            yield return c;
        foreach (var c in Flips("idx", valid, 0, 16, 0xFF, 0x01, 0x80)) yield return c;
        var lies = new (string Name, byte[] Bytes)[]
        {
            ("dims claim one row more", Idx(0x08, [Rows + 1, 2, 2], pixels)),
            ("dims claim 2^31-1 rows", Idx(0x08, [int.MaxValue, 2, 2], pixels)),
            ("dims negative", Idx(0x08, [-1, 2, 2], pixels)),
            ("dims zero width", Idx(0x08, [Rows, 0, 2], pixels)),
            ("zero dimensions", Idx(0x08, [], pixels)),
            ("one dimension", Idx(0x08, [Rows * Width], pixels)),
            ("255 dimensions", [0, 0, 0x08, 255, .. pixels]),
            ("row width overflows int", Idx(0x08, [1, 65536, 65536], pixels)),
        };
        foreach (var (name, bytes) in lies) yield return new Case("idx header lies about shape", name, bytes);
        foreach (var type in new byte[] { 0x00, 0x07, 0x0A, 0x0F, 0xFF, 0x0D, 0x0E, 0x0B, 0x0C })
            yield return new Case("idx dtype", $"type 0x{type:x2} with byte data", Idx(type, [Rows, 2, 2], pixels));
        foreach (var (name, values) in NonFinite()) yield return new Case("idx NaN/Inf", name, Idx(0x0D, [Rows, Width], BigEndianFloats(values)));
    }

    // ---- csv ----

    public static string Csv(Func<int, int, string?>? field = null)
    {
        var text = new StringBuilder("a,b,c,d\n");
        for (var r = 0; r < Rows; r++)
        {
            var fields = new List<string>();
            for (var c = 0; c < Width; c++)
                if ((field?.Invoke(r, c) ?? (((r * Width + c) % 7 - 3) * 0.25).ToString(CultureInfo.InvariantCulture)) is { } f) fields.Add(f);
            text.Append(string.Join(',', fields)).Append('\n');
        }
        return text.ToString();
    }

    public static IEnumerable<Case> CsvCases()
    {
        var valid = Encoding.UTF8.GetBytes(Csv());
        var boundaries = new List<int> { 0, 1, 3 };
        for (var i = 0; i < valid.Length; i++)
            if (valid[i] == '\n') boundaries.AddRange([i, i + 1, i + 3]);
        foreach (var c in Truncations("csv", valid, boundaries.Where((_, i) => i % 4 == 0 || i < 12))) yield return c;
        foreach (var (where, row) in new[] { ("first", 0), ("middle", Rows / 2), ("last", Rows - 1) })
        {
            var bad = new (string Name, Func<int, int, string?> Field)[]
            {
                ("a word", (r, c) => r == row && c == 1 ? "abc" : null),
                ("an empty field", (r, c) => r == row && c == 1 ? "" : null),
                ("nan", (r, c) => r == row && c == 1 ? "nan" : null),
                ("inf", (r, c) => r == row && c == 1 ? "inf" : null),
                ("-Infinity", (r, c) => r == row && c == 1 ? "-Infinity" : null),
                ("1e999", (r, c) => r == row && c == 1 ? "1e999" : null),
                ("an extra field", (r, c) => r == row && c == 3 ? "1,2" : null),
                ("a missing field", (r, c) => r == row && c == 3 ? "\u0000" : null),
                ("an unclosed quote", (r, c) => r == row && c == 0 ? "\"1" : null),
            };
            foreach (var (name, field) in bad)
            {
                var text = Csv((r, c) => field(r, c) is { } f ? f : null).Replace(",\u0000", "", StringComparison.Ordinal);
                yield return new Case(name is "nan" or "inf" or "-Infinity" or "1e999" ? "csv NaN/Inf" : "csv malformed field", $"{name} in the {where} row",
                    Encoding.UTF8.GetBytes(text));
            }
        }
        yield return new Case("csv malformed field", "header only", Encoding.UTF8.GetBytes("a,b,c,d\n"));
        yield return new Case("csv malformed field", "binary garbage", [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11))]);
        yield return new Case("csv malformed field", "one column of words", Encoding.UTF8.GetBytes("x\ny\nz\n"));
    }
}
