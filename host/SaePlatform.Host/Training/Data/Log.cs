using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Training.Data;

internal static partial class Log
{
    [LoggerMessage(EventId = 350, Level = LogLevel.Information, Message = "Data: {Rows:N0} rows x {Width} ({Megabytes:N1} MiB as float32); "
        + "split train {Train:N0} / validation {Validation:N0} / test {Test:N0}; indexed reader, every row checked finite")]
    public static partial void Indexed(ILogger logger, long rows, int width, double megabytes, long train, long validation, long test);

    [LoggerMessage(EventId = 351, Level = LogLevel.Information, Message = "Data: {Rows:N0} rows x {Width} ({Megabytes:N1} MiB as float32, budget {Budget:N1} MiB): streaming; "
        + "split by blocks of {BlockRows:N0} rows into train {Train:N0} / validation {Validation:N0} / test {Test:N0}; "
        + "shuffle buffer {BufferRows:N0} rows; rows are checked finite as they are read")]
    public static partial void Streaming(ILogger logger, long rows, int width, double megabytes, double budget, int blockRows, long train, long validation, long test, int bufferRows);

    [LoggerMessage(EventId = 352, Level = LogLevel.Information, Message = "Data: using the first {Rows:N0} of {Total:N0} rows (training.max_rows)")]
    public static partial void MaxRows(ILogger logger, long rows, long total);
}
