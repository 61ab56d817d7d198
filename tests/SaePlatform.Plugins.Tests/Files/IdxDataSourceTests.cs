using SaePlatform.Plugins.Files.Sources;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.DataFiles;

namespace SaePlatform.Plugins.Tests.Files;

/// <summary>The idx source on MNIST-format files, gzip-compressed and plain.</summary>
public sealed class IdxDataSourceTests
{
    private static readonly byte[] Pixels = [0, 255, 51, 102, 1, 254, 17, 34, 68, 85, 170, 204];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_U8Images_OneRowPerImageScaledToUnitInterval(bool gzip)
    {
        using var dir = new DataFolder();
        var bytes = IdxU8(2, 2, 3, Pixels);
        File.WriteAllBytes(dir.File("images-idx3-ubyte"), gzip ? Gzip(bytes) : bytes); // no .gz suffix: detected by content
        using var source = new IdxDataSource(new IdxOptions { Path = dir.File("images-idx3-ubyte") });

        var info = source.Open(CancellationToken.None);

        Assert.Equal((6, 2L), (info.Width, info.RowCount));
        Assert.Equal(Pixels.Select(p => p / 255f).ToArray(), ReadAll(source, info));
    }

    [Fact]
    public void Open_ScaleOff_KeepsRawByteValues()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("i.gz"), Gzip(IdxU8(2, 2, 3, Pixels)));
        using var source = new IdxDataSource(new IdxOptions { Path = dir.File("i.gz"), Scale = false });

        var info = source.Open(CancellationToken.None);

        Assert.Equal(Pixels.Select(p => (float)p).ToArray(), ReadAll(source, info));
    }

    [Fact]
    public void Open_TruncatedImages_ReportsBytesPresentAndNeeded()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("i"), IdxU8(2, 2, 3, Pixels)[..^4]);
        using var source = new IdxDataSource(new IdxOptions { Path = dir.File("i") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("truncated", e.Message);
        Assert.Contains("need 12", e.Message);
        Assert.Contains("only 8", e.Message);
    }

    [Fact]
    public void Open_FashionMnistTrainImages_Gives60000RowsOf784PixelsInUnitInterval()
    {
        const string file = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
        if (!File.Exists(file)) return; // the dataset package is optional here; the host's integration test reports the skip
        using var source = new IdxDataSource(new IdxOptions { Path = file });

        var info = source.Open(CancellationToken.None);
        var first = new float[784];
        source.ReadRows(0, first);

        Assert.Equal((784, 60000L), (info.Width, info.RowCount));
        Assert.All(first, v => Assert.InRange(v, 0f, 1f));
        Assert.True(first.Max() > 0.5f, "the first image should have bright pixels");
    }
}
