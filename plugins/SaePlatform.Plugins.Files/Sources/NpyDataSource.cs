using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Rows;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>
/// Rows of one or more .npy files (f4, f8 or f2; rank 2, or higher ranks flattened to rows of the last
/// dimension), memory-mapped so files larger than memory stream from disk; .npz archives contribute a named
/// array, mapped in place when stored uncompressed (<c>numpy.savez</c>) and decoded into memory when
/// deflated (<c>numpy.savez_compressed</c>).
/// </summary>
[DataSource("npy", Description = "Rows of .npy files (f4/f8/f2, memory-mapped) or a named array of .npz archives (mapped when stored uncompressed).")]
public sealed class NpyDataSource(NpyOptions options) : RowFileSource
{
    /// <inheritdoc />
    protected override string Kind => "npy";

    private protected override void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken)
    {
        foreach (var file in FilePatterns.Expand(options.Path, options.Paths))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)) opened.Add(OpenNpz(file));
            else opened.Add(Checked(file, NpyMappedArray.Open(file)));
        }
    }

    private static MappedRows Checked(string name, NpyMappedArray array)
    {
        try
        {
            RowShape.Check(name, array.Header.Shape);
        }
        catch
        {
            array.Dispose();
            throw;
        }
        return new MappedRows(name, array);
    }

    private IRowFile OpenNpz(string file)
    {
        try
        {
            return OpenNpzArray(file);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(file, StringComparison.Ordinal))
        {
            // System.IO.Compression's messages ("Number of entries expected in End Of Central Directory ...") name no file.
            throw new InvalidDataException($"{file}: not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private IRowFile OpenNpzArray(string file)
    {
        var name = options.Array;
        if (name is null)
        {
            var arrays = NpzFile.ListArrays(file);
            if (arrays.Count != 1)
                throw new InvalidDataException($"{file}: the archive holds {arrays.Count} arrays ({string.Join(", ", arrays)}); choose one with data.array.");
            name = arrays[0];
        }
        if (NpzFile.TryMapArray(file, name) is { } mapped) return Checked($"{file}:{name}", mapped);
        var tensor = NpzFile.ReadArray(file, name);
        var shape = tensor.Shape;
        RowShape.Check($"{file}:{name}", Array.ConvertAll(shape.ToArray(), d => (long)d));
        int cols = shape.Length == 0 ? 1 : shape[^1];
        long rows = cols == 0 ? 0 : tensor.Span.Length / cols;
        return new ArrayRows($"{file}:{name}", tensor.Span.ToArray(), rows, cols);
    }
}
