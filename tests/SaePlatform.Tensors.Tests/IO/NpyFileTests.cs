using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.IO.TensorFileBytes;

namespace SaePlatform.Tensors.Tests.IO;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_Vector_ProducesNumpyBytes()
    {
        var path = _temp.File("v.npy");
        NpyFile.Write(path, Tensor.FromArray([1f, -2f, 0.5f], 3));

        // numpy 2.x: dict (57 chars) + 20 growth-axis spaces + 40 alignment spaces + '\n' = 118; data at 128.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        Assert.Equal(57, dict.Length);
        var expected = Concat(
            NpyMagic(1, 0), [118, 0], Text(dict + new string(' ', 60) + "\n"),
            [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F]);
        Assert.Equal(140, expected.Length);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_Matrix_ProducesNumpyBytes()
    {
        var path = _temp.File("m.npy");
        NpyFile.Write(path, Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3));

        // dict 59 chars, growth spaces 21 - len("2") = 20, alignment 38 spaces.
        var expected = Concat(
            NpyMagic(1, 0), [118, 0],
            Text("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 58) + "\n"),
            Bits32(false, 0x3F800000, 0x40000000, 0x40400000, 0x40800000, 0x40A00000, 0x40C00000));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_Scalar_HasEmptyTupleAndNoGrowthPadding()
    {
        var path = _temp.File("s.npy");
        NpyFile.Write(path, Tensor.FromArray([7f]));

        var expected = Concat(
            NpyMagic(1, 0), [118, 0],
            Text("{'descr': '<f4', 'fortran_order': False, 'shape': (), }" + new string(' ', 62) + "\n"),
            Bits32(false, 0x40E00000));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_LargeFirstDimension_DataStartsAt64ByteMultiple()
    {
        var path = _temp.File("big.npy");
        NpyFile.Write(path, Tensor.Zeros(100000, 2));
        var header = NpyFile.ReadHeader(path);
        Assert.Equal(0, header.DataOffset % 64);
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path), 10, (int)header.DataOffset - 10);
        // 21 - len("100000") = 15 growth spaces directly after the dictionary.
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 2), }" + new string(' ', 15), text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Read_HandMadeFloat16_ConvertsExactly()
    {
        var path = _temp.File("h.npy");
        // 1.0, -2.0, 65504 (largest half), 2^-24 (smallest subnormal); header without alignment padding.
        File.WriteAllBytes(path, Npy10("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }\n", Bits16(0x3C00, 0xC000, 0x7BFF, 0x0001)));

        var t = NpyFile.Read(path);

        Assert.Equal([2, 2], t.Shape.ToArray());
        Assert.Equal([1f, -2f, 65504f, BitConverter.Int32BitsToSingle(0x33800000)], t.ToArray());
    }

    [Fact]
    public void Read_HandMadeFloat64Version2_RoundsToNearestFloat()
    {
        var path = _temp.File("d.npy");
        const string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }\n";
        var data = Bits64(
            0x3FB999999999999AUL, // 0.1
            0xBFF8000000000000UL, // -1.5
            0x3FF0000010400000UL, // 1 + 2^-24 + 2^-30: above the halfway point, rounds up to 1 + 2^-23
            0x3FF0000010000000UL, // 1 + 2^-24: exactly halfway, ties to even (1.0)
            0x7E37E43C8800759CUL); // 1e300: overflows float32 to +inf
        File.WriteAllBytes(path, Concat(NpyMagic(2, 0), U32(header.Length), Text(header), data));

        var t = NpyFile.Read(path);

        Assert.Equal([0.1f, -1.5f, BitConverter.Int32BitsToSingle(0x3F800001), 1f, float.PositiveInfinity], t.ToArray());
        Assert.Equal(2, NpyFile.ReadHeader(path).MajorVersion);
    }

    [Fact]
    public void Read_BigEndianFloat32Version3_SwapsBytes()
    {
        var path = _temp.File("be.npy");
        const string header = "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n";
        File.WriteAllBytes(path, Concat(NpyMagic(3, 0), U32(header.Length), Utf8(header), Bits32(true, 0x3F800000, 0xC0490FDB)));

        var t = NpyFile.Read(path);

        Assert.Equal([1f, BitConverter.Int32BitsToSingle(unchecked((int)0xC0490FDB))], t.ToArray());
    }

    [Fact]
    public void Read_Python2HeaderWithLongSuffixAndDoubleQuotes_Parses()
    {
        var path = _temp.File("py2.npy");
        File.WriteAllBytes(path, Npy10("{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f4\"}        \n", Bits32(false, 0x3F800000, 0x40000000)));

        var t = NpyFile.Read(path);

        Assert.Equal([2, 1], t.Shape.ToArray());
        Assert.Equal([1f, 2f], t.ToArray());
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 0, 4 })]
    [InlineData(new[] { 1, 1 })]
    public void WriteRead_RoundTrip_PreservesShapeAndValues(int[] shape)
    {
        var path = _temp.File("rt.npy");
        int n = shape.Aggregate(1, (a, b) => a * b);
        var values = Reference.RandomArray(n, seed: 3, scale: 100f);
        NpyFile.Write(path, Tensor.FromArray(values, shape));

        var t = NpyFile.Read(path);
        var header = NpyFile.ReadHeader(path);

        Assert.Equal(shape, t.Shape.ToArray());
        Assert.Equal(values, t.ToArray());
        Assert.Equal(TensorFileDtype.Float32, header.Dtype);
        Assert.False(header.FortranOrder);
        Assert.Equal(128, header.DataOffset);
        Assert.Equal(shape.Select(d => (long)d), header.Shape);
    }

    [Fact]
    public void Write_ExistingFile_IsReplacedWithoutLeftovers()
    {
        var path = _temp.File("over.npy");
        NpyFile.Write(path, Tensor.FromArray([1f, 2f, 3f, 4f], 4));
        NpyFile.Write(path, Tensor.FromArray([9f], 1));

        Assert.Equal([9f], NpyFile.Read(path).ToArray());
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Read_TruncatedData_NamesFileAndByteCounts()
    {
        var path = _temp.File("trunc.npy");
        NpyFile.Write(path, Tensor.Zeros(10, 4));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 6)]);

        var e = Assert.Throws<TensorFileException>(() => NpyFile.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("160", e.Message); // expected data bytes
        Assert.Contains("154", e.Message); // actual data bytes
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran")]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", "'<i8' is not supported")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "structured")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "exactly the keys")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1), }", "rank 3")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", "shape is not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "fortran_order is not a valid bool")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", "cannot parse")]
    [InlineData("[1, 2]", "not a dictionary")]
    public void Read_BadHeader_ThrowsNamingFileAndProblem(string header, string problem)
    {
        var path = _temp.File("bad.npy");
        File.WriteAllBytes(path, Npy10(header + "\n", new byte[64]));

        var e = Assert.Throws<TensorFileException>(() => NpyFile.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ReadHeader_NotNpy_ThrowsMagicError()
    {
        var path = _temp.File("x.npy");
        File.WriteAllBytes(path, Text("PK\u0003\u0004 this is a zip"));
        var e = Assert.Throws<TensorFileException>(() => NpyFile.ReadHeader(path));
        Assert.Contains("magic", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void ReadHeader_HeaderLengthBeyondFile_Throws()
    {
        var path = _temp.File("hl.npy");
        File.WriteAllBytes(path, Concat(NpyMagic(1, 0), U16(5000), Text("{'descr': '<f4'")));
        var e = Assert.Throws<TensorFileException>(() => NpyFile.ReadHeader(path));
        Assert.Contains("5000", e.Message);
        Assert.Contains("beyond the end", e.Message);
    }

    [Fact]
    public void ReadHeader_UnknownVersion_Throws()
    {
        var path = _temp.File("v4.npy");
        File.WriteAllBytes(path, Concat(NpyMagic(4, 0), U16(2), Text("{}")));
        var e = Assert.Throws<TensorFileException>(() => NpyFile.ReadHeader(path));
        Assert.Contains("version 4.0", e.Message);
    }
}
