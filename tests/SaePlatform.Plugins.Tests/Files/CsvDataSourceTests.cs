using SaePlatform.Plugins.Files.Sources;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.DataFiles;

namespace SaePlatform.Plugins.Tests.Files;

/// <summary>The csv source: headers detected or given, columns chosen by name or index.</summary>
public sealed class CsvDataSourceTests
{
    [Fact]
    public void Open_HeaderDetected_ColumnsChosenByNameInTheGivenOrder()
    {
        using var dir = new DataFolder();
        File.WriteAllText(dir.File("t.csv"), "id,x,y,label\n0,1.5,-2,cat\n1,3e-1,4,dog\n\n");
        // The label column is not numeric but is not chosen, so it is never parsed.
        using var source = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv"), Columns = ["y", "x"] });

        var info = source.Open(CancellationToken.None);

        Assert.Equal((2, 2L), (info.Width, info.RowCount));
        Assert.Equal([-2f, 1.5f, 4f, 0.3f], ReadAll(source, info));
    }

    [Fact]
    public void Open_NoHeaderSemicolons_AllColumnsOrIndices()
    {
        using var dir = new DataFolder();
        File.WriteAllText(dir.File("t.csv"), "1;2;3\n4;5;6\n");
        using var all = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv"), Delimiter = ";" });
        using var some = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv"), Delimiter = ";", Columns = ["2", "0"] });

        var allInfo = all.Open(CancellationToken.None);
        var someInfo = some.Open(CancellationToken.None);

        Assert.Equal([1f, 2, 3, 4, 5, 6], ReadAll(all, allInfo));
        Assert.Equal([3f, 1, 6, 4], ReadAll(some, someInfo));
    }

    [Fact]
    public void Open_HeaderForcedOff_TreatsANonNumericFirstLineAsBadData()
    {
        using var dir = new DataFolder();
        File.WriteAllText(dir.File("t.csv"), "a,b\n1,2\n");
        using var source = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv"), Header = false });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("line 1 column 0", e.Message);
        Assert.Contains("'a'", e.Message);
    }

    [Fact]
    public void Open_UnknownColumn_ListsTheHeader()
    {
        using var dir = new DataFolder();
        File.WriteAllText(dir.File("t.csv"), "x,y\n1,2\n");
        using var source = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv"), Columns = ["z"] });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("'z'", e.Message);
        Assert.Contains("x, y", e.Message);
    }

    [Fact]
    public void Open_ShortLine_NamesTheLine()
    {
        using var dir = new DataFolder();
        File.WriteAllText(dir.File("t.csv"), "1,2\n3,4\n5\n");
        using var source = new CsvDataSource(new CsvOptions { Path = dir.File("t.csv") });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("line 3", e.Message);
    }
}
