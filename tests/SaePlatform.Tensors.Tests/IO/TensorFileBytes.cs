using System.Text;

namespace SaePlatform.Tensors.Tests.IO;

/// <summary>A temporary folder deleted with everything in it when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("sae-io-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>
/// Hand-assembly of file bytes for the format tests, written from the format specifications
/// (independent of the readers and writers under test): explicit little/big-endian integers,
/// raw IEEE bit patterns, latin-1 text.
/// </summary>
internal static class TensorFileBytes
{
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Text(string s) => Encoding.Latin1.GetBytes(s);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static byte[] U16(int v) => [(byte)v, (byte)(v >> 8)];

    public static byte[] U32(long v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    public static byte[] U64(long v) => [.. U32(v), .. U32(v >> 32)];

    /// <summary>16-bit patterns (float16 or bfloat16), little-endian.</summary>
    public static byte[] Bits16(params int[] bits) => bits.SelectMany(b => U16(b)).ToArray();

    /// <summary>32-bit patterns, little-endian (big-endian when <paramref name="bigEndian"/>).</summary>
    public static byte[] Bits32(bool bigEndian, params uint[] bits) =>
        bits.SelectMany(b => bigEndian ? U32(b).Reverse().ToArray() : U32(b)).ToArray();

    /// <summary>64-bit patterns, little-endian.</summary>
    public static byte[] Bits64(params ulong[] bits) => bits.SelectMany(b => U64((long)b)).ToArray();

    /// <summary>The .npy magic string \x93NUMPY followed by the version bytes.</summary>
    public static byte[] NpyMagic(byte major, byte minor) => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, minor];

    /// <summary>A version 1.0 .npy file with the given header text (no alignment padding) and data.</summary>
    public static byte[] Npy10(string header, byte[] data) =>
        Concat(NpyMagic(1, 0), U16(header.Length), Text(header), data);

    /// <summary>A safetensors file: u64 LE header length, header text, data.</summary>
    public static byte[] Safetensors(string header, byte[] data)
    {
        var h = Utf8(header);
        return Concat(U64(h.Length), h, data);
    }
}
