using System.IO.Compression;
using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.IO.TensorFileBytes;

namespace SaePlatform.Tensors.Tests.IO;

public sealed class NpzFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteRead_RoundTrip_ListsNamesAndValues(bool compress)
    {
        var path = _temp.File("a.npz");
        var x = Tensor.FromArray(Reference.RandomArray(30, 1), 5, 6);
        var y = Tensor.FromArray(Reference.RandomArray(4, 2), 4);
        var s = Tensor.FromArray([2.5f]);
        NpzFile.Write(path, [new("x", x), new("y", y), new("scale", s)], compress);

        Assert.Equal(["x", "y", "scale"], NpzFile.ListArrays(path));
        Assert.Equal(x.ToArray(), NpzFile.ReadArray(path, "x").ToArray());
        Assert.Equal([5, 6], NpzFile.ReadArray(path, "x").Shape.ToArray());
        Assert.Equal(y.ToArray(), NpzFile.ReadArray(path, "y").ToArray());
        Assert.Equal(2.5f, NpzFile.ReadArray(path, "scale").ToScalar());

        // Zip local file header: compression method at offset 8 (0 = stored, 8 = deflated).
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, bytes[..4]);
        Assert.Equal(compress ? 8 : 0, bytes[8] | bytes[9] << 8);
    }

    [Fact]
    public void ReadArray_HandMadeDeflatedFloat64Entry_Converts()
    {
        var path = _temp.File("hand.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("w.npy", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            s.Write(Npy10("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n", Bits64(0x3FB999999999999AUL, 0xBFF8000000000000UL)));
        }

        Assert.Equal([0.1f, -1.5f], NpzFile.ReadArray(path, "w").ToArray());
    }

    [Fact]
    public void ReadArray_TruncatedEntry_NamesArchiveAndEntry()
    {
        var path = _temp.File("tr.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("w.npy").Open();
            s.Write(Npy10("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", new byte[10]));
        }

        var e = Assert.Throws<TensorFileException>(() => NpzFile.ReadArray(path, "w"));

        Assert.Contains(path + ":w.npy", e.Message);
        Assert.Contains("16 data bytes", e.Message);
        Assert.Contains("10 data bytes", e.Message);
    }

    [Fact]
    public void ReadArray_MissingName_ListsAvailable()
    {
        var path = _temp.File("m.npz");
        NpzFile.Write(path, [new("a", Tensor.Zeros(1)), new("b", Tensor.Zeros(1))]);
        var e = Assert.Throws<KeyNotFoundException>(() => NpzFile.ReadArray(path, "c"));
        Assert.Contains("a, b", e.Message);
    }

    [Fact]
    public void ListArrays_NotAZip_ThrowsNamingFile()
    {
        var path = _temp.File("no.npz");
        File.WriteAllBytes(path, Text("definitely not a zip archive, just some text"));
        var e = Assert.Throws<TensorFileException>(() => NpzFile.ListArrays(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void TryMapArray_StoredEntries_MapTheSameValuesAsReadArray()
    {
        var path = _temp.File("stored.npz");
        var x = Tensor.FromArray(Reference.RandomArray(7 * 5, 4), 7, 5);
        var y = Tensor.FromArray(Reference.RandomArray(3, 5), 3);
        NpzFile.Write(path, [new("x", x), new("y", y), new("s", Tensor.FromArray([2.5f]))], compress: false);

        foreach (var name in new[] { "x", "y", "s" })
        {
            var decoded = NpzFile.ReadArray(path, name);
            using var mapped = NpzFile.TryMapArray(path, name);
            Assert.NotNull(mapped);
            Assert.Equal($"{path}:{name}.npy", mapped.Path);
            var rows = new float[mapped.Rows * mapped.Cols];
            mapped.CopyRows(0, (int)mapped.Rows, rows);
            Assert.Equal(decoded.ToArray(), rows);
            Assert.Equal(decoded.Shape.Length == 0 ? 1 : decoded.Shape[^1], mapped.Cols);
        }
    }

    [Fact]
    public void TryMapArray_HandMadeStoredFloat64AfterOtherEntryWithComment_ConvertsRowsInPlace()
    {
        var path = _temp.File("hand-stored.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("notes.txt", CompressionLevel.NoCompression).Open()) s.Write(Text("not an array"));
            using (var s = zip.CreateEntry("w.npy", CompressionLevel.NoCompression).Open())
                s.Write(Npy10("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }\n",
                    Bits64(0x3FB999999999999AUL, 0xBFF8000000000000UL, 0x4000000000000000UL)));
            zip.Comment = "a zip comment moves the end record";
        }

        using var mapped = NpzFile.TryMapArray(path, "w");
        Assert.NotNull(mapped);
        var row = new float[1];
        mapped.CopyRow(2, row);
        Assert.Equal(2f, row[0]);
        mapped.CopyRow(0, row);
        Assert.Equal(0.1f, row[0]);
        Assert.Equal([0.1f, -1.5f, 2f], NpzFile.ReadArray(path, "w").ToArray());
    }

    [Fact]
    public void TryMapArray_DeflatedEntry_ReturnsNullAndMissingNameThrows()
    {
        var path = _temp.File("deflated.npz");
        NpzFile.Write(path, [new("x", Tensor.FromArray(Reference.RandomArray(6, 1), 2, 3))], compress: true);

        Assert.Null(NpzFile.TryMapArray(path, "x"));
        Assert.Contains("arrays: x", Assert.Throws<KeyNotFoundException>(() => NpzFile.TryMapArray(path, "nope")).Message);
    }

    [Fact]
    public void TryMapArray_Zip64RecordsAfterAPrefix_FindTheEntryThroughZip64Fields()
    {
        // The layout numpy.savez (force_zip64) and large archives use: 0xFFFFFFFF sizes and offset in the headers,
        // the real values in zip64 extra fields, and a zip64 end record found through its locator. A 13-byte prefix
        // (as self-extracting archives have) makes the local header offset non-zero.
        var npy = Npy10("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }\n",
            Bits32(false, 0x3F800000, 0x40000000, 0x40400000, 0x40800000, 0xBF800000, 0x3E800000)); // 1 2 3 4 -1 0.25
        var name = Text("acts.npy");
        byte[] prefix = [.. Text("PREFIX-BYTES!")];
        var local = Concat(U32(0x04034b50), U16(45), U16(0), U16(0), U16(0), U16(0), U32(0), U32(0xFFFFFFFF), U32(0xFFFFFFFF),
            U16(name.Length), U16(20), name, U16(1), U16(16), U64(npy.Length), U64(npy.Length));
        long localOffset = prefix.Length;
        var central = Concat(U32(0x02014b50), U16(45), U16(45), U16(0), U16(0), U16(0), U16(0), U32(0), U32(0xFFFFFFFF), U32(0xFFFFFFFF),
            U16(name.Length), U16(28), U16(0), U16(0), U16(0), U32(0), U32(0xFFFFFFFF), name,
            U16(1), U16(24), U64(npy.Length), U64(npy.Length), U64(localOffset));
        long centralOffset = prefix.Length + local.Length + npy.Length;
        long zip64EndOffset = centralOffset + central.Length;
        var zip64End = Concat(U32(0x06064b50), U64(44), U16(45), U16(45), U32(0), U32(0), U64(1), U64(1), U64(central.Length), U64(centralOffset));
        var locator = Concat(U32(0x07064b50), U32(0), U64(zip64EndOffset), U32(1));
        var end = Concat(U32(0x06054b50), U16(0), U16(0), U16(0xFFFF), U16(0xFFFF), U32(0xFFFFFFFF), U32(0xFFFFFFFF), U16(0));
        var path = _temp.File("zip64.npz");
        File.WriteAllBytes(path, Concat(prefix, local, npy, central, zip64End, locator, end));

        using var mapped = NpzFile.TryMapArray(path, "acts");

        Assert.NotNull(mapped);
        Assert.Equal((3L, 2), (mapped.Rows, mapped.Cols));
        var all = new float[6];
        mapped.CopyRows(0, 3, all);
        Assert.Equal([1f, 2f, 3f, 4f, -1f, 0.25f], all);
    }

    [Fact]
    public void TryMapArray_StoredEntryShorterThanItsHeaderSays_ReportsTruncationNamingEntry()
    {
        var path = _temp.File("short-entry.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("w.npy", CompressionLevel.NoCompression).Open())
                s.Write(Npy10("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", new byte[10]));
            using (var s = zip.CreateEntry("after.npy", CompressionLevel.NoCompression).Open()) s.Write(new byte[64]);
        }

        // The next entry's bytes follow, so only the entry's own size can tell that its data is short.
        var e = Assert.Throws<TensorFileException>(() => NpzFile.TryMapArray(path, "w"));

        Assert.Contains(path + ":w.npy", e.Message);
        Assert.Contains("16 data bytes", e.Message);
        Assert.Contains("10 data bytes", e.Message);
    }
}
