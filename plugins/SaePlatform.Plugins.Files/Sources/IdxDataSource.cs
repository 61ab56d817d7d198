using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Rows;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>
/// Rows of MNIST-format IDX files, gzip-compressed or plain (e.g. Fashion-MNIST from Debian's
/// dataset-fashion-mnist in /usr/share/datasets/fashion-mnist): one row per image, pixels scaled to [0, 1].
/// </summary>
[DataSource("idx", Description = "MNIST-format IDX files (gzip or plain), one row per image, pixels scaled to [0,1].")]
public sealed class IdxDataSource(IdxOptions options) : RowFileSource
{
    /// <inheritdoc />
    protected override string Kind => "idx";

    private protected override void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken)
    {
        foreach (var file in FilePatterns.Expand(options.Path, options.Paths))
        {
            cancellationToken.ThrowIfCancellationRequested();
            opened.Add(IdxRows.Open(file, options.Scale));
        }
    }
}
