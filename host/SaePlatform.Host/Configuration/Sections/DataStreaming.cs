namespace SaePlatform.Host.Configuration.Sections;

/// <summary>How training batches are drawn (<c>training.streaming</c>).</summary>
internal enum DataStreaming
{
    /// <summary>Streaming when the data (rows x width x 4 bytes) exceeds <c>training.data_memory_mb</c> or has more than 2^31 rows.</summary>
    Auto,

    /// <summary>Always stream: a shuffle buffer over blocks of rows, split by row ranges.</summary>
    On,

    /// <summary>Never stream: a seeded permutation of every row index, each batch gathered by random access.</summary>
    Off,
}
