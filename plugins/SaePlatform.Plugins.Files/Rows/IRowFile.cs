namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// One file's rows as float32, read by range. Reads are stateless, so they may run on any thread
/// (the host's prefetch thread and the evaluator).
/// </summary>
internal interface IRowFile : IDisposable
{
    /// <summary>The file (or <c>archive.npz:array</c>) named in messages.</summary>
    string Name { get; }

    /// <summary>Rows in the file.</summary>
    long Rows { get; }

    /// <summary>Values per row.</summary>
    int Cols { get; }

    /// <summary>Copies rows [start, start + count) into <paramref name="destination"/> (row-major).</summary>
    void CopyRows(long start, int count, Span<float> destination);
}
