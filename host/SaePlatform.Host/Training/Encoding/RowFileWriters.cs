using System.Runtime.InteropServices;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Training.Encoding;

/// <summary>
/// A file of per-row results written block by block, so memory stays bounded whatever the row count. Content
/// goes to a temporary file beside the target, which replaces the target only on <see cref="Complete"/>;
/// disposing without completing removes it, so a failed run never leaves a partial file or harms an old one.
/// </summary>
internal abstract class RowFileWriter : IDisposable
{
    private readonly string _temp;
    private bool _done;

    protected RowFileWriter(string path, int width, long rows)
    {
        Target = Path.GetFullPath(path);
        Width = width;
        Rows = rows;
        var folder = Path.GetDirectoryName(Target)!;
        Directory.CreateDirectory(folder);
        _temp = Path.Combine(folder, $".{Path.GetFileName(Target)}.{Environment.ProcessId}.tmp");
        Stream = new FileStream(_temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
    }

    /// <summary>The target file (absolute).</summary>
    public string Target { get; }

    /// <summary>Values per row.</summary>
    protected int Width { get; }

    /// <summary>Rows the file will hold.</summary>
    protected long Rows { get; }

    /// <summary>Rows appended so far.</summary>
    protected long Written { get; private set; }

    /// <summary>The temporary file being written.</summary>
    protected FileStream Stream { get; }

    /// <summary>Appends <paramref name="count"/> rows of <see cref="Width"/> values.</summary>
    public void Append(ReadOnlySpan<float> values, int count)
    {
        if (Written + count > Rows) throw new InvalidOperationException($"{Target}: more than the {Rows} rows announced.");
        AppendRows(values[..(count * Width)], count);
        Written += count;
    }

    protected abstract void AppendRows(ReadOnlySpan<float> values, int count);

    /// <summary>Finishes the content (called once every row is in).</summary>
    protected abstract void Finish();

    /// <summary>Finishes, flushes and moves the file into place.</summary>
    public void Complete()
    {
        if (Written != Rows) throw new InvalidOperationException($"{Target}: {Written} of {Rows} rows written.");
        Finish();
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temp, Target, overwrite: true);
        _done = true;
    }

    /// <inheritdoc />
    public virtual void Dispose()
    {
        Stream.Dispose();
        if (!_done) TryDelete(_temp);
    }

    protected static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* the error that stopped the run matters more than a leftover temp file */ }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A dense float32 .npy [rows, width], streamed.</summary>
internal sealed class DenseNpyWriter : RowFileWriter
{
    public DenseNpyWriter(string path, int width, long rows) : base(path, width, rows) =>
        NpyFile.WriteHeader(Stream, "<f4", [rows, width]);

    protected override void AppendRows(ReadOnlySpan<float> values, int count) => Stream.Write(MemoryMarshal.AsBytes(values));

    protected override void Finish() { }
}

/// <summary>
/// Sparse codes as a numpy .npz in CSR form: <c>indices</c> (int32 feature ids, ascending within a row),
/// <c>values</c> (float32), <c>row_offsets</c> (int64, rows + 1; row r is entries row_offsets[r] to
/// row_offsets[r+1]) and <c>shape</c> (int64 [rows, d_sae]), so
/// <c>scipy.sparse.csr_matrix((values, indices, row_offsets), shape=shape)</c> rebuilds the matrix. Entries
/// are spooled to temporary files while rows stream in, then copied into the archive.
/// </summary>
internal sealed class SparseNpzWriter : RowFileWriter
{
    private readonly string _indicesTemp, _valuesTemp, _offsetsTemp;
    private readonly FileStream _indices, _values, _offsets;
    private long _entries;
    private int[] _rowIndices = [];
    private float[] _rowValues = [];

    public SparseNpzWriter(string path, int width, long rows) : base(path, width, rows)
    {
        (_indicesTemp, _indices) = Spool("indices");
        (_valuesTemp, _values) = Spool("values");
        (_offsetsTemp, _offsets) = Spool("row_offsets");
        _offsets.Write(MemoryMarshal.AsBytes<long>([0L]));
    }

    /// <summary>Non-zero entries written so far.</summary>
    public long Entries => _entries;

    private (string, FileStream) Spool(string name)
    {
        var file = Path.Combine(Path.GetDirectoryName(Target)!, $".{Path.GetFileName(Target)}.{name}.{Environment.ProcessId}.tmp");
        return (file, new FileStream(file, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20));
    }

    protected override void AppendRows(ReadOnlySpan<float> values, int count)
    {
        if (_rowIndices.Length < Width)
        {
            _rowIndices = new int[Width];
            _rowValues = new float[Width];
        }
        for (int r = 0; r < count; r++)
        {
            var row = values.Slice(r * Width, Width);
            int n = 0;
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] == 0) continue;
                _rowIndices[n] = i;
                _rowValues[n++] = row[i];
            }
            _indices.Write(MemoryMarshal.AsBytes(_rowIndices.AsSpan(0, n)));
            _values.Write(MemoryMarshal.AsBytes(_rowValues.AsSpan(0, n)));
            _entries += n;
            _offsets.Write(MemoryMarshal.AsBytes<long>([_entries]));
        }
    }

    protected override void Finish()
    {
        using (var npz = new NpzWriter(Stream))
        {
            npz.Add("indices", "<i4", [_entries], s => CopySpool(_indices, s));
            npz.Add("values", "<f4", [_entries], s => CopySpool(_values, s));
            npz.Add("row_offsets", "<i8", [Rows + 1], s => CopySpool(_offsets, s));
            npz.Add("shape", "<i8", [2], s => s.Write(MemoryMarshal.AsBytes<long>([Rows, Width])));
        }
    }

    private static void CopySpool(FileStream spool, Stream destination)
    {
        spool.Flush();
        spool.Position = 0;
        spool.CopyTo(destination, 1 << 20);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        foreach (var (file, stream) in new[] { (_indicesTemp, _indices), (_valuesTemp, _values), (_offsetsTemp, _offsets) })
        {
            stream.Dispose();
            TryDelete(file);
        }
    }
}
