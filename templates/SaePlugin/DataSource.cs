using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;

namespace SaePluginTemplate;

/// <summary>Options of the data source.</summary>
public sealed class DataSourceOptions
{
    /// <summary>Row width.</summary>
    [Description("Values per row.")]
    [Range(1, 1 << 20)]
    public int Width { get; set; } = 16;

    /// <summary>Number of rows.</summary>
    [Description("Number of rows.")]
    [Range(1, long.MaxValue)]
    public long Rows { get; set; } = 10_000;
}

/// <summary>
/// A data source to start from: row r is a smooth function of (r, column). Replace it with a reader of
/// your files. The host does splitting, shuffling, batching, normalisation and prefetching.
/// </summary>
[DataSource("COMPONENT_ID", Description = "TODO: describe the data.")]
public sealed class DataSource(DataSourceOptions options) : IDataSource
{
    /// <inheritdoc />
    public DataSourceInfo Open(CancellationToken cancellationToken) =>
        new(options.Width, options.Rows, $"COMPONENT_ID: {options.Rows:N0} rows x {options.Width}");

    /// <inheritdoc />
    public void ReadRows(long firstRow, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            long row = firstRow + i / options.Width;
            int column = i % options.Width;
            destination[i] = MathF.Sin(0.001f * row * (column + 1));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
