using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Rows;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Rows of numeric csv files (with or without a header, chosen columns), parsed into memory on open.</summary>
[DataSource("csv", Description = "Numeric columns of csv files (header optional; choose columns by name or index).")]
public sealed class CsvDataSource(CsvOptions options) : RowFileSource
{
    /// <inheritdoc />
    protected override string Kind => "csv";

    private protected override void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken)
    {
        foreach (var file in FilePatterns.Expand(options.Path, options.Paths))
        {
            var (values, rows, cols) = CsvTable.Read(file, options, cancellationToken);
            opened.Add(new ArrayRows(file, values, rows, cols));
        }
    }
}
