using System.Buffers.Binary;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Tensors.Tests.IO;

public sealed class MappedTensorRegionTests : IDisposable
{
    // Past two 4 KiB pages and not aligned to anything, so the view starts before the region.
    private const long Offset = 2 * 4096 + 37;
    private const int Rows = 7, Cols = 5;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(TensorFileDtype.Float32, false)]
    [InlineData(TensorFileDtype.Float64, false)]
    [InlineData(TensorFileDtype.Float16, false)]
    [InlineData(TensorFileDtype.BFloat16, false)]
    [InlineData(TensorFileDtype.Float32, true)]
    [InlineData(TensorFileDtype.Float64, true)]
    public void ReadRows_DtypeAtUnalignedOffset_MatchesBytesDecodedIndependently(TensorFileDtype dtype, bool bigEndian)
    {
        int size = dtype.ElementSize();
        var data = Encode(dtype, bigEndian, seed: (int)dtype * 2 + (bigEndian ? 1 : 0));
        var expected = Decode(dtype, bigEndian, data);
        var path = _temp.File("region.bin");
        var junk = new byte[Offset];
        new Random(3).NextBytes(junk);
        File.WriteAllBytes(path, [.. junk, .. data, 0xFF, 0xFF, 0xFF]); // bytes around the region are not part of it

        using var region = MappedTensorRegion.Open(path, Offset, dtype, Rows, Cols, bigEndian);

        Assert.Equal((Rows, Cols, (long)Rows * Cols * size), (region.Rows, region.Cols, region.ByteLength));
        var all = new float[Rows * Cols];
        region.ReadRows(0, Rows, all);
        Assert.Equal(expected, all);
        var row = new float[Cols];
        region.ReadRow(0, row);
        Assert.Equal(expected[..Cols], row);
        region.ReadRow(Rows - 1, row);
        Assert.Equal(expected[^Cols..], row);
        var middle = new float[3 * Cols + 2]; // larger than needed: the tail is left alone
        region.ReadRows(2, 3, middle);
        Assert.Equal(expected[(2 * Cols)..(5 * Cols)], middle[..(3 * Cols)]);
        Assert.Equal([0f, 0f], middle[(3 * Cols)..]);
    }

    [Fact]
    public void Open_FileShorterThanRegion_NamesFileOffsetAndSizes()
    {
        var path = _temp.File("short.bin");
        File.WriteAllBytes(path, new byte[100]);

        // 3 x 4 float32 = 48 bytes at offset 60 end at byte 108 of a 100-byte file.
        var e = Assert.Throws<TensorFileException>(() => MappedTensorRegion.Open(path, 60, TensorFileDtype.Float32, 3, 4));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("100 bytes long", e.Message);
        Assert.Contains("byte offset 60", e.Message);
        Assert.Contains("48 bytes", e.Message);
        Assert.Contains("ends at byte 108", e.Message);
    }

    [Fact]
    public void Open_RegionEndingExactlyAtFileEnd_ReadsLastRow()
    {
        var path = _temp.File("exact.bin");
        File.WriteAllBytes(path, [1, 2, 3, .. F32(1.5f, -2f, 8f, 0.25f)]);

        using var region = MappedTensorRegion.Open(path, 3, TensorFileDtype.Float32, 2, 2);
        var row = new float[2];
        region.ReadRow(1, row);

        Assert.Equal([8f, 0.25f], row);
    }

    [Fact]
    public void ReadRows_EmptyRegionOrOutOfRangeOrDisposed_ReadsNothingOrThrows()
    {
        var path = _temp.File("small.bin");
        File.WriteAllBytes(path, F32(1, 2, 3, 4, 5, 6));

        using (var empty = MappedTensorRegion.Open(path, 24, TensorFileDtype.Float32, 0, 3))
        {
            empty.ReadRows(0, 0, []);
            Assert.Throws<ArgumentOutOfRangeException>(() => empty.ReadRow(0, new float[3]));
        }
        var region = MappedTensorRegion.Open(path, 0, TensorFileDtype.Float32, 2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => region.ReadRows(1, 2, new float[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => region.ReadRow(-1, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => region.ReadRow(0, new float[2]));
        region.Dispose();
        Assert.Throws<ObjectDisposedException>(() => region.ReadRow(0, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedTensorRegion.Open(path, -1, TensorFileDtype.Float32, 1, 1));
    }

    private static byte[] F32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    /// <summary>Rows * Cols random finite values of <paramref name="dtype"/>, as raw bytes in the given byte order.</summary>
    private static byte[] Encode(TensorFileDtype dtype, bool bigEndian, int seed)
    {
        var rng = new Random(seed);
        int size = dtype.ElementSize();
        var bytes = new byte[Rows * Cols * size];
        for (int i = 0; i < Rows * Cols; i++)
        {
            double v = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4));
            var at = bytes.AsSpan(i * size, size);
            switch (dtype)
            {
                case TensorFileDtype.Float32: BinaryPrimitives.WriteInt32LittleEndian(at, BitConverter.SingleToInt32Bits((float)v)); break;
                case TensorFileDtype.Float64: BinaryPrimitives.WriteInt64LittleEndian(at, BitConverter.DoubleToInt64Bits(v)); break;
                case TensorFileDtype.Float16: BinaryPrimitives.WriteInt16LittleEndian(at, BitConverter.HalfToInt16Bits((Half)v)); break;
                default: BinaryPrimitives.WriteInt16LittleEndian(at, (short)(BitConverter.SingleToInt32Bits((float)v) >> 16)); break;
            }
            if (bigEndian) at.Reverse();
        }
        return bytes;
    }

    /// <summary>The reference decoding: each element's bytes read with the explicit byte order, then widened or rounded to float32.</summary>
    private static float[] Decode(TensorFileDtype dtype, bool bigEndian, byte[] bytes)
    {
        int size = dtype.ElementSize();
        var values = new float[bytes.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            var at = bytes.AsSpan(i * size, size).ToArray();
            if (bigEndian) Array.Reverse(at);
            values[i] = dtype switch
            {
                TensorFileDtype.Float32 => BinaryPrimitives.ReadSingleLittleEndian(at),
                TensorFileDtype.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(at),
                TensorFileDtype.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(at) << 16),
            };
        }
        return values;
    }
}
