namespace SaePlatform.Tensors.Backends;

/// <summary>
/// How many threads the CPU engine's parallel loops may use, process-wide (OpenBLAS itself runs single-threaded
/// inside them). Every kernel splits its work by the shape alone or keeps each output element on one
/// thread, so results are bit-identical whatever the count; it only changes speed.
/// </summary>
public static class TensorThreads
{
    private static int _count = Environment.ProcessorCount;
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = _count };

    /// <summary>
    /// The thread count; <see cref="Environment.ProcessorCount"/> (which honours container CPU limits) by
    /// default. Set it before work starts: loops already running keep the count they started with.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _options, new ParallelOptions { MaxDegreeOfParallelism = value });
            Volatile.Write(ref _count, value);
        }
    }

    /// <summary>Options that cap a <see cref="Parallel"/> loop at <see cref="Count"/> threads.</summary>
    internal static ParallelOptions ParallelOptions => Volatile.Read(ref _options);
}
