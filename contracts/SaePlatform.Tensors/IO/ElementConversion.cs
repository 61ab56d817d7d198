using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace SaePlatform.Tensors.IO;

/// <summary>Converts raw file bytes of a <see cref="TensorFileDtype"/> to float32, and float32 to little-endian bytes.</summary>
internal static class ElementConversion
{
    /// <summary>Elements per chunk when a temporary buffer is needed (byte swapping, streamed reads).</summary>
    internal const int ChunkElements = 1 << 16;

    /// <summary>
    /// Converts <paramref name="source"/> (exactly destination.Length elements of <paramref name="dtype"/>,
    /// stored big- or little-endian) to float32. Float64 rounds to nearest; Float16/BFloat16 widen exactly.
    /// </summary>
    public static void ToSingle(ReadOnlySpan<byte> source, TensorFileDtype dtype, bool bigEndian, Span<float> destination)
    {
        int size = dtype.ElementSize();
        if ((long)destination.Length * size != source.Length)
            throw new ArgumentException($"{source.Length} bytes of {dtype} do not make {destination.Length} elements.");
        if (bigEndian == BitConverter.IsLittleEndian)
            ConvertSwapped(source, dtype, size, destination);
        else
            ConvertNative(source, dtype, destination);
    }

    /// <summary>Writes float32 values as little-endian bytes in bounded chunks (spans of more than 2 GiB of bytes are fine).</summary>
    public static void WriteSingles(Stream stream, ReadOnlySpan<float> values)
    {
        RequireLittleEndianHost();
        const int chunk = 1 << 24;
        while (!values.IsEmpty)
        {
            var part = values[..Math.Min(chunk, values.Length)];
            stream.Write(MemoryMarshal.AsBytes(part));
            values = values[part.Length..];
        }
    }

    /// <summary>
    /// Reads destination.Length elements of <paramref name="dtype"/> from <paramref name="stream"/> and converts them.
    /// Returns the number of bytes actually read; fewer than requested means the stream ended early.
    /// </summary>
    public static long ReadSingles(Stream stream, TensorFileDtype dtype, bool bigEndian, Span<float> destination)
    {
        int size = dtype.ElementSize();
        long total = 0;
        if (dtype == TensorFileDtype.Float32 && bigEndian != BitConverter.IsLittleEndian)
        {
            // Native float32: read straight into the destination, no staging buffer.
            const int chunk = 1 << 24;
            for (int start = 0; start < destination.Length; start += chunk)
            {
                var bytes = MemoryMarshal.AsBytes(destination.Slice(start, Math.Min(chunk, destination.Length - start)));
                int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                total += got;
                if (got < bytes.Length) return total;
            }
            return total;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkElements * size);
        try
        {
            for (int start = 0; start < destination.Length; start += ChunkElements)
            {
                int n = Math.Min(ChunkElements, destination.Length - start);
                var bytes = buffer.AsSpan(0, n * size);
                int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                total += got;
                if (got < bytes.Length) return total;
                ToSingle(bytes, dtype, bigEndian, destination.Slice(start, n));
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static void RequireLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Tensor files are written from little-endian hosts only.");
    }

    private static void ConvertNative(ReadOnlySpan<byte> source, TensorFileDtype dtype, Span<float> destination)
    {
        switch (dtype)
        {
            case TensorFileDtype.Float32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case TensorFileDtype.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case TensorFileDtype.Float64:
                // ConvertTruncating double->float is the C# cast: IEEE round-to-nearest-even (overflow gives ±inf).
                TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, double>(source), destination);
                break;
            case TensorFileDtype.BFloat16:
                BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(source), destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor file dtype.");
        }
    }

    private static void ConvertSwapped(ReadOnlySpan<byte> source, TensorFileDtype dtype, int size, Span<float> destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkElements, Math.Max(destination.Length, 1)) * size);
        try
        {
            for (int start = 0; start < destination.Length; start += ChunkElements)
            {
                int n = Math.Min(ChunkElements, destination.Length - start);
                var from = source.Slice(start * size, n * size);
                var swapped = buffer.AsSpan(0, n * size);
                switch (size)
                {
                    case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(from), MemoryMarshal.Cast<byte, ushort>(swapped)); break;
                    case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(from), MemoryMarshal.Cast<byte, uint>(swapped)); break;
                    default: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(from), MemoryMarshal.Cast<byte, ulong>(swapped)); break;
                }
                ConvertNative(swapped, dtype, destination.Slice(start, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>bfloat16 is the high half of a float32, so widening is a 16-bit left shift (exact).</summary>
    private static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        int i = 0;
        ref ushort src = ref MemoryMarshal.GetReference(source);
        ref uint dst = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                (lower << 16).StoreUnsafe(ref dst, (nuint)i);
                (upper << 16).StoreUnsafe(ref dst, (nuint)(i + Vector512<uint>.Count));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                (lower << 16).StoreUnsafe(ref dst, (nuint)i);
                (upper << 16).StoreUnsafe(ref dst, (nuint)(i + Vector256<uint>.Count));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
    }
}
