using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;

namespace FailingComponents;

/// <summary>Options of <see cref="FailingSource"/>.</summary>
public sealed class FailingSourceOptions
{
    /// <summary>What <see cref="FailingSource.Open"/> throws; default a plain <see cref="ArgumentException"/>.</summary>
    public FailureKind Throw { get; set; } = FailureKind.Argument;
}

/// <summary>A data source whose <see cref="Open"/> throws, so the run fails while it is prepared.</summary>
[DataSource("test_failing_source")]
public sealed class FailingSource(FailingSourceOptions options) : IDataSource
{
    /// <inheritdoc />
    public DataSourceInfo Open(CancellationToken cancellationToken) =>
        options.Throw == FailureKind.None ? new(1, 1, "one zero") : throw Failure.Create(options.Throw, "test_failing_source.Open");

    /// <inheritdoc />
    public void ReadRows(long firstRow, Span<float> destination) => destination.Clear();

    /// <inheritdoc />
    public void Dispose() { }
}
