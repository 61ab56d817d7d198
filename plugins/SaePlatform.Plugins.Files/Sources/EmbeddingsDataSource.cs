using System.Globalization;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Rows;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>
/// Embedding files of the embeddings brief's folder layout,
/// <c>{root}/{source}_atlas_{n}D/{n}D/centroid_{index:04d}_embeddings_{n}D.npy</c>, for indices offset ..
/// offset + count - 1 (count unset: up to the highest index present). Missing indices are warned about and
/// skipped; only an empty selection is an error.
/// </summary>
[DataSource("embeddings", Description = "Embedding .npy files of an atlas folder layout ({source}_atlas_{n}D), chosen by offset/count.")]
public sealed class EmbeddingsDataSource(EmbeddingsOptions options, ComponentContext context) : RowFileSource
{
    private const int MissingNamedInFull = 10;

    private static readonly Action<ILogger, int, int, string, string, Exception?> FilesMissing = LoggerMessage.Define<int, int, string, string>(
        LogLevel.Warning, new EventId(1, nameof(FilesMissing)), "embeddings: {Missing} of {Selected} selected files are missing from {Folder} and skipped: {Names}");

    /// <inheritdoc />
    protected override string Kind => "embeddings";

    /// <summary>The folder that holds the files: <c>{root}/{source}_atlas_{n}D/{n}D</c>.</summary>
    public string Folder
    {
        get
        {
            int n = options.NComponents;
            var source = options.Source.ToString().ToLowerInvariant();
            return Path.Combine(options.Root, $"{source}_atlas_{n}D", $"{n}D");
        }
    }

    /// <summary>The file of centroid <paramref name="index"/>.</summary>
    public string FileFor(int index) =>
        Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"centroid_{index:D4}_embeddings_{options.NComponents}D.npy"));

    private protected override void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken)
    {
        int last = options.Count is { } count ? options.Offset + count - 1 : HighestIndexPresent();
        var missing = new List<string>();
        for (int index = options.Offset; index <= last; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = FileFor(index);
            if (!File.Exists(file))
            {
                missing.Add(Path.GetFileName(file));
                continue;
            }
            var array = NpyMappedArray.Open(file);
            opened.Add(new MappedRows(file, array));
            if (array.Cols != options.NComponents)
                throw new InvalidDataException($"{file}: rows have {array.Cols} values, but n_components is {options.NComponents}.");
        }
        if (missing.Count > 0)
            FilesMissing(context.Logger, missing.Count, missing.Count + opened.Count, Folder,
                string.Join(", ", missing.Take(MissingNamedInFull)) + (missing.Count > MissingNamedInFull ? ", ..." : ""), null);
        if (opened.Count == 0)
            throw new InvalidDataException(
                $"embeddings: none of the selected files exist (indices {options.Offset}..{last} in {Folder}, e.g. {Path.GetFileName(FileFor(options.Offset))}); empty selection.");
    }

    // "All that remain": up to the highest index with a file; -1 (nothing) when the folder holds none.
    private int HighestIndexPresent()
    {
        if (!Directory.Exists(Folder)) return options.Offset - 1;
        var suffix = $"_embeddings_{options.NComponents}D.npy";
        int highest = options.Offset - 1;
        foreach (var path in Directory.EnumerateFiles(Folder, "centroid_*" + suffix))
        {
            var name = Path.GetFileName(path);
            var digits = name.AsSpan("centroid_".Length, name.Length - "centroid_".Length - suffix.Length);
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) highest = Math.Max(highest, index);
        }
        return highest;
    }
}
