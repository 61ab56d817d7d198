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
}
