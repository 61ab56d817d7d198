using SaePlatform.Contracts.Data;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.Training.Data;

/// <summary>
/// A test source over memory-mapped .npy files (the engine's reader, not the plugin) that records the largest
/// single read, so tests can check how much the host asks for at once.
/// </summary>
internal sealed class MappedNpySource(IReadOnlyList<string> files) : IDataSource
{
    private readonly List<NpyMappedArray> _arrays = [];

    public int LargestReadRows { get; private set; }
    public long RowsRead { get; private set; }

    /// <summary>Writes <paramref name="fileCount"/> files of <paramref name="rowsPerFile"/> x <paramref name="width"/>; column 0 is the global row index.</summary>
    public static List<string> WriteFiles(string folder, int fileCount, int rowsPerFile, int width, long nanAtRow = -1)
    {
        var files = new List<string>();
        for (int f = 0; f < fileCount; f++)
        {
            var values = new float[rowsPerFile * width];
            for (int r = 0; r < rowsPerFile; r++)
            {
                long global = (long)f * rowsPerFile + r;
                values[r * width] = global;
                for (int c = 1; c < width; c++) values[r * width + c] = (float)Math.Sin(global * 0.37 + c);
                if (global == nanAtRow) values[r * width + 3] = float.NaN;
            }
            var path = Path.Combine(folder, $"part_{f}.npy");
            NpyFile.Write(path, Tensor.Wrap(values, rowsPerFile, width));
            files.Add(path);
        }
        return files;
    }

    public DataSourceInfo Open(CancellationToken cancellationToken)
    {
        foreach (var f in files) _arrays.Add(NpyMappedArray.Open(f));
        return new DataSourceInfo(_arrays[0].Cols, _arrays.Sum(a => a.Rows), "test npy files");
    }

    public void ReadRows(long firstRow, Span<float> destination)
    {
        int width = _arrays[0].Cols, count = destination.Length / width;
        LargestReadRows = Math.Max(LargestReadRows, count);
        RowsRead += count;
        for (int done = 0; done < count;)
        {
            var (file, local) = Locate(firstRow + done);
            int n = (int)Math.Min(count - done, _arrays[file].Rows - local);
            _arrays[file].CopyRows(local, n, destination.Slice(done * width, n * width));
            done += n;
        }
    }

    public string DescribeRow(long row)
    {
        var (file, local) = Locate(row);
        return $"{Path.GetFileName(files[file])} row {local}";
    }

    private (int File, long Local) Locate(long row)
    {
        int f = 0;
        while (row >= _arrays[f].Rows) row -= _arrays[f++].Rows;
        return (f, row);
    }

    public void Dispose()
    {
        foreach (var a in _arrays) a.Dispose();
    }
}
