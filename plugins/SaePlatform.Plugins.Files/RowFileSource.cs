using SaePlatform.Contracts.Data;
using SaePlatform.Plugins.Files.Rows;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files;

/// <summary>
/// The part every file source shares: open the files (subclass), check they agree in width, then serve rows
/// by global index across them. File errors surface as <see cref="InvalidDataException"/> naming the file,
/// which the host reports as bad data.
/// </summary>
public abstract class RowFileSource : IDataSource
{
    private RowFileSet? _files;

    /// <summary>Short name of the source for the log line, e.g. "npy".</summary>
    protected abstract string Kind { get; }

    /// <summary>Opens the selected files in order. Files opened so far are disposed by the caller when this throws.</summary>
    private protected abstract void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken);

    /// <inheritdoc />
    public DataSourceInfo Open(CancellationToken cancellationToken)
    {
        var opened = new List<IRowFile>();
        try
        {
            OpenFiles(opened, cancellationToken);
            _files = new RowFileSet(opened);
        }
        catch (Exception e) when (e is TensorFileException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            foreach (var f in opened) f.Dispose();
            throw new InvalidDataException(e.Message, e);
        }
        catch
        {
            foreach (var f in opened) f.Dispose();
            throw;
        }
        if (_files.RowCount == 0)
        {
            var names = string.Join(", ", opened.Select(f => f.Name).Take(5)) + (opened.Count > 5 ? $" and {opened.Count - 5} more" : "");
            throw new InvalidDataException($"{Kind}: the selected files hold no rows (empty selection): {names} " +
                                           (opened.Count == 1 ? "has 0 rows." : "all have 0 rows."));
        }
        var files = _files.FileCount == 1 ? opened[0].Name : $"{_files.FileCount} files";
        return new DataSourceInfo(_files.Width, _files.RowCount, $"{Kind}: {files}, {_files.RowCount:N0} rows x {_files.Width}");
    }

    /// <inheritdoc />
    public void ReadRows(long firstRow, Span<float> destination) => Files.ReadRows(firstRow, destination);

    /// <inheritdoc />
    public string DescribeRow(long row) => Files.DescribeRow(row);

    private RowFileSet Files => _files ?? throw new InvalidOperationException($"{Kind}: Open was not called.");

    /// <inheritdoc />
    public void Dispose()
    {
        _files?.Dispose();
        _files = null;
        GC.SuppressFinalize(this);
    }
}
