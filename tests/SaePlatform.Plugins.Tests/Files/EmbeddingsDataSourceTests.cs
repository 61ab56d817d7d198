using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Sources;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.DataFiles;

namespace SaePlatform.Plugins.Tests.Files;

/// <summary>The embeddings folder layout {source}_atlas_{n}D/{n}D/centroid_{index:04d}_embeddings_{n}D.npy with gaps.</summary>
public sealed class EmbeddingsDataSourceTests
{
    // Centroid i holds (i % 3) + 1 rows whose values all equal i (so rows name their file).
    private static DataFolder Layout(string source, int n, params int[] indices)
    {
        var dir = new DataFolder();
        foreach (var i in indices)
        {
            int rows = i % 3 + 1;
            WriteF4(dir.File($"{source}_atlas_{n}D/{n}D/centroid_{i:D4}_embeddings_{n}D.npy"), rows, n, Enumerable.Repeat((float)i, rows * n).ToArray());
        }
        return dir;
    }

    private static (EmbeddingsDataSource Source, RecordingLogger Log) Create(string root, int n, int offset, int? count, EmbeddingReduction reduction = EmbeddingReduction.Pca)
    {
        var log = new RecordingLogger();
        var options = new EmbeddingsOptions { Root = root, Source = reduction, NComponents = n, Offset = offset, Count = count };
        return (new EmbeddingsDataSource(options, new ComponentContext(log, root, root, 1)), log);
    }

    // The first value of every row: the centroid index the row came from.
    private static float[] FirstValues(EmbeddingsDataSource source, SaePlatform.Contracts.Data.DataSourceInfo info)
    {
        var all = ReadAll(source, info);
        return Enumerable.Range(0, (int)info.RowCount).Select(r => all[r * info.Width]).ToArray();
    }

    [Fact]
    public void Open_OffsetAndCountOverAGap_ReadsPresentFilesInIndexOrderAndWarnsAboutTheMissingOne()
    {
        using var dir = Layout("isomap", 4, 0, 1, 2, 4, 5);
        var (source, log) = Create(dir.Path, 4, offset: 1, count: 4, EmbeddingReduction.Isomap);
        using var _ = source;

        var info = source.Open(CancellationToken.None);

        // Indices 1, 2, (3 missing), 4: 2 + 3 + 2 rows.
        Assert.Equal((4, 7L), (info.Width, info.RowCount));
        Assert.Equal([1f, 1, 2, 2, 2, 4, 4], FirstValues(source, info));
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("centroid_0003_embeddings_4D.npy", warning.Message);
        Assert.EndsWith("centroid_0004_embeddings_4D.npy row 1", source.DescribeRow(6));
    }

    [Fact]
    public void Open_CountUnset_TakesAllRemainingIndices()
    {
        using var dir = Layout("pca", 2, 0, 3, 7);
        var (source, log) = Create(dir.Path, 2, offset: 3, count: null);
        using var _ = source;

        var info = source.Open(CancellationToken.None);

        Assert.Equal([3f, 7, 7], FirstValues(source, info));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("3 of 5"));
    }

    [Fact]
    public void Open_OtherReductionOrDimension_IsNotMixedIn()
    {
        using var dir = Layout("pca", 2, 0, 1);
        using (var _ = new StreamWriter(dir.File("autoencoder_atlas_2D/2D/unrelated.txt"))) { }
        WriteF4(dir.File("pca_atlas_3D/3D/centroid_0000_embeddings_3D.npy"), 1, 3, [5, 5, 5]);
        var (source, _) = Create(dir.Path, 2, offset: 0, count: null);
        using var s = source;

        var info = source.Open(CancellationToken.None);

        Assert.Equal([0f, 1, 1], FirstValues(source, info));
    }

    [Fact]
    public void Open_NoFileInTheSelection_IsAnEmptySelection()
    {
        using var dir = Layout("pca", 2, 0, 1);
        var (source, _) = Create(dir.Path, 2, offset: 5, count: 3);
        using var s = source;

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("empty selection", e.Message);
        Assert.Contains("centroid_0005_embeddings_2D.npy", e.Message);
    }

    [Fact]
    public void Open_FileWiderThanNComponents_NamesTheFile()
    {
        using var dir = new DataFolder();
        WriteF4(dir.File("pca_atlas_2D/2D/centroid_0000_embeddings_2D.npy"), 1, 3, [1, 2, 3]);
        var (source, _) = Create(dir.Path, 2, offset: 0, count: null);
        using var s = source;

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("centroid_0000_embeddings_2D.npy", e.Message);
        Assert.Contains("n_components is 2", e.Message);
    }
}
