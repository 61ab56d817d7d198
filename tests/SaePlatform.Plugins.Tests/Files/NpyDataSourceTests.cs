using System.IO.Compression;
using SaePlatform.Plugins.Files.Sources;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.DataFiles;

namespace SaePlatform.Plugins.Tests.Files;

/// <summary>The npy source on files laid out byte for byte as numpy.save / numpy.savez write them.</summary>
public sealed class NpyDataSourceTests
{
    [Fact]
    public void Open_F4F8F2FilesByGlob_ConcatenatesRowsInNameOrderConvertedToFloat32()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("acts_0.npy"), Npy("<f4", [2, 3], F4(1, 2, 3, 4, 5, 6)));
        File.WriteAllBytes(dir.File("acts_1.npy"), Npy("<f8", [1, 3], F8(0.1, -2.5, 1e-3)));
        File.WriteAllBytes(dir.File("acts_2.npy"), Npy("<f2", [2, 3], F2(0.5f, -1f, 2048f, 0.25f, 3f, -0.125f)));
        File.WriteAllBytes(dir.File("other.npy"), Npy("<f4", [1, 3], F4(9, 9, 9)));
        using var source = new NpyDataSource(new NpyOptions { Path = Path.Combine(dir.Path, "acts_*.npy") });

        var info = source.Open(CancellationToken.None);

        Assert.Equal(3, info.Width);
        Assert.Equal(5, info.RowCount);
        Assert.Equal([1, 2, 3, 4, 5, 6, 0.1f, -2.5f, 1e-3f, 0.5f, -1f, 2048f, 0.25f, 3f, -0.125f], ReadAll(source, info));
        Assert.Equal($"{dir.File("acts_1.npy")} row 0", source.DescribeRow(2));
        Assert.Equal($"{dir.File("acts_2.npy")} row 1", source.DescribeRow(4));
    }

    [Fact]
    public void ReadRows_RangeAcrossFileBoundary_MatchesRowByRowReads()
    {
        using var dir = new DataFolder();
        var a = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var b = Enumerable.Range(100, 8).Select(i => (float)i).ToArray();
        WriteF4(dir.File("a.npy"), 3, 4, a);
        WriteF4(dir.File("b.npy"), 2, 4, b);
        using var source = new NpyDataSource(new NpyOptions { Paths = [dir.File("a.npy"), dir.File("b.npy")] });
        source.Open(CancellationToken.None);

        var range = new float[3 * 4];
        source.ReadRows(2, range); // last row of a.npy, both rows of b.npy

        Assert.Equal(a[8..].Concat(b).ToArray(), range);
    }

    [Fact]
    public void Open_ThreeDimensionalArray_FlattensLeadingDimensionsIntoRows()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("x.npy"), Npy("<f4", [2, 2, 2], F4(1, 2, 3, 4, 5, 6, 7, 8)));
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("x.npy") });

        var info = source.Open(CancellationToken.None);

        Assert.Equal((2, 4L), (info.Width, info.RowCount));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], ReadAll(source, info));
    }

    [Fact]
    public void Open_NpzWithNamedArray_ReadsThatArray()
    {
        using var dir = new DataFolder();
        Npz(dir.File("bundle.npz"), ("labels", Npy("<f8", [3], F8(1, 2, 3))), ("acts", Npy("<f4", [2, 2], F4(1.5f, -1, 0, 8))));
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("bundle.npz"), Array = "acts" });

        var info = source.Open(CancellationToken.None);

        Assert.Equal([1.5f, -1, 0, 8], ReadAll(source, info));
        Assert.Equal($"{dir.File("bundle.npz")}:acts row 1", source.DescribeRow(1));
    }

    [Fact]
    public void Open_StoredAndDeflatedNpz_ReadTheSameRowsAndNames()
    {
        // numpy.savez stores members (read mapped, in place); savez_compressed deflates them (decoded into memory).
        using var dir = new DataFolder();
        float[] values = [0.5f, -1f, 2048f, 0.25f, 3f, -0.125f, 7f, 1.5f, -4f, 0f, 96f, -0.5f, 10f, 11f, 12f];
        var npy = Npy("<f2", [5, 3], F2(values));
        Npz(dir.File("stored.npz"), ("other", Npy("<f4", [1, 1], F4(9))), ("acts", npy));
        using (var zip = ZipFile.Open(dir.File("deflated.npz"), ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("acts.npy", CompressionLevel.Optimal).Open();
            entry.Write(npy);
        }
        using var stored = new NpyDataSource(new NpyOptions { Path = dir.File("stored.npz"), Array = "acts" });
        using var deflated = new NpyDataSource(new NpyOptions { Path = dir.File("deflated.npz"), Array = "acts" });

        var storedInfo = stored.Open(CancellationToken.None);
        var deflatedInfo = deflated.Open(CancellationToken.None);

        Assert.Equal((3, 5L), (storedInfo.Width, storedInfo.RowCount));
        Assert.Equal(values, ReadAll(stored, storedInfo));
        Assert.Equal(values, ReadAll(deflated, deflatedInfo));
        var last = new float[3];
        stored.ReadRows(4, last);
        Assert.Equal(values[^3..], last);
        Assert.Equal($"{dir.File("stored.npz")}:acts row 4", stored.DescribeRow(4));
        Assert.Equal($"{dir.File("deflated.npz")}:acts row 4", deflated.DescribeRow(4));
    }

    [Fact]
    public void Open_NpzWithSeveralArraysAndNoName_ListsTheArrays()
    {
        using var dir = new DataFolder();
        Npz(dir.File("bundle.npz"), ("a", Npy("<f4", [1, 1], F4(1))), ("b", Npy("<f4", [1, 1], F4(2))));
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("bundle.npz") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("a, b", e.Message);
    }

    [Fact]
    public void Open_FilesOfDifferentWidths_NamesBothFiles()
    {
        using var dir = new DataFolder();
        WriteF4(dir.File("a.npy"), 2, 4, new float[8]);
        WriteF4(dir.File("b.npy"), 2, 5, new float[10]);
        using var source = new NpyDataSource(new NpyOptions { Paths = [dir.File("a.npy"), dir.File("b.npy")] });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains(dir.File("b.npy"), e.Message);
        Assert.Contains(dir.File("a.npy"), e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void Open_TruncatedFile_ReportsMissingBytes()
    {
        using var dir = new DataFolder();
        var full = Npy("<f4", [4, 2], F4(1, 2, 3, 4, 5, 6, 7, 8));
        File.WriteAllBytes(dir.File("cut.npy"), full[..^12]);
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("cut.npy") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains(dir.File("cut.npy"), e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Open_IntegerDtype_IsRejectedNamingTheDtype()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("ints.npy"), Npy("<i4", [1, 2], F4(0, 0)));
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("ints.npy") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains(dir.File("ints.npy"), e.Message);
        Assert.Contains("<i4", e.Message);
    }

    [Fact]
    public void Open_EmptyArray_IsAnEmptySelection()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("empty.npy"), Npy("<f4", [0, 3], []));
        using var source = new NpyDataSource(new NpyOptions { Path = dir.File("empty.npy") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("empty selection", e.Message);
    }
}
