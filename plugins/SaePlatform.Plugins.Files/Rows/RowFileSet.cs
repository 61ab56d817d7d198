namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// Several files seen as one row range, in the order given: global row r lies in the file whose cumulative
/// start is the last one at or below r. Every file must have the same width.
/// </summary>
internal sealed class RowFileSet : IDisposable
{
    private readonly IRowFile[] _files;
    private readonly long[] _starts; // _starts[i] = first global row of file i; _starts[^1] = total

    /// <exception cref="InvalidDataException">The files differ in width (names both files and widths) or there are none.</exception>
    public RowFileSet(IReadOnlyList<IRowFile> files)
    {
        if (files.Count == 0) throw new InvalidDataException("no files were selected (empty selection).");
        _files = [.. files];
        _starts = new long[_files.Length + 1];
        Width = _files[0].Cols;
        for (int i = 0; i < _files.Length; i++)
        {
            if (_files[i].Cols != Width)
                throw new InvalidDataException(
                    $"{_files[i].Name}: rows have {_files[i].Cols} values but {_files[0].Name} has {Width}; every file must have the same width (wrong width between files).");
            _starts[i + 1] = _starts[i] + _files[i].Rows;
        }
    }

    public int Width { get; }
    public long RowCount => _starts[^1];
    public int FileCount => _files.Length;

    /// <summary>Copies rows [firstRow, firstRow + destination.Length / Width), crossing file boundaries as needed.</summary>
    public void ReadRows(long firstRow, Span<float> destination)
    {
        int count = destination.Length / Width;
        if (firstRow < 0 || firstRow > RowCount - count)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + count}) are outside [0, {RowCount}).");
        int file = FileOf(firstRow);
        long row = firstRow;
        int done = 0;
        while (done < count)
        {
            long local = row - _starts[file];
            int n = (int)Math.Min(count - done, _files[file].Rows - local);
            if (n > 0)
            {
                _files[file].CopyRows(local, n, destination.Slice(done * Width, n * Width));
                done += n;
                row += n;
            }
            file++;
        }
    }

    /// <summary><c>file row N</c> (N within the file, from 0).</summary>
    public string DescribeRow(long row)
    {
        if (row < 0 || row >= RowCount) return $"row {row}";
        int file = FileOf(row);
        return $"{_files[file].Name} row {row - _starts[file]}";
    }

    private int FileOf(long row)
    {
        int i = Array.BinarySearch(_starts, row);
        // Exact hit: the file starting there (skipping empty files, which share the start); else the one before.
        if (i >= 0)
        {
            while (i < _files.Length - 1 && _starts[i + 1] == row) i++;
            return Math.Min(i, _files.Length - 1);
        }
        return ~i - 1;
    }

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
