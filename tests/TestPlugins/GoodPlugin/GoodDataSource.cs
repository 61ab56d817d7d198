using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Options;

namespace GoodPlugin;

/// <summary>Options of <see cref="GoodDataSource"/>: a required file, so the defaults are not a runnable config.</summary>
public sealed class GoodDataSourceOptions
{
    /// <summary>File to read; no default.</summary>
    [Required]
    [PathOption]
    public string? Path { get; set; }
}

/// <summary>
/// A correct data source whose constructor rejects a missing file, as real sources may; the loader must not
/// count that against it when only default options exist.
/// </summary>
[DataSource("good_source")]
public sealed class GoodDataSource : IDataSource
{
    /// <summary>Throws <see cref="FileNotFoundException"/> when <see cref="GoodDataSourceOptions.Path"/> does not exist.</summary>
    public GoodDataSource(GoodDataSourceOptions options)
    {
        if (!File.Exists(options.Path)) throw new FileNotFoundException("data file not found", options.Path);
    }

    /// <inheritdoc />
    public DataSourceInfo Open(CancellationToken cancellationToken) => new(1, 0, "empty");

    /// <inheritdoc />
    public void ReadRows(long firstRow, Span<float> destination) { }

    /// <inheritdoc />
    public void Dispose() { }
}
