using Microsoft.Extensions.Logging;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Training;

/// <summary>
/// Applies a requested compute thread count (<c>training.threads</c>, <c>--threads</c>) to the tensor engine
/// before any work starts, and logs the effective count once through the backend's name.
/// </summary>
internal static class ComputeThreads
{
    /// <summary>
    /// Sets <see cref="TensorThreads.Count"/> to <paramref name="requested"/>, or to every core the process
    /// may use when it is null; warns when more threads than cores are asked for. Returns the effective count.
    /// </summary>
    /// <param name="requested">Threads asked for; null for every core.</param>
    /// <param name="setting">The key or option that asked (named in messages), e.g. <c>training.threads</c>.</param>
    /// <param name="log">Where the warning and the effective count go.</param>
    /// <exception cref="ArgumentException"><paramref name="requested"/> is below 1 (the message names <paramref name="setting"/>).</exception>
    public static int Apply(int? requested, string setting, ILogger log)
    {
        int cores = Environment.ProcessorCount;
        if (requested is < 1)
            throw new ArgumentException($"{setting} must be at least 1 (got {requested}); leave it unset to use every core.");
        if (requested > cores)
            Log.ThreadsAboveCores(log, setting, requested, cores);
        TensorThreads.Count = requested ?? cores;
        Log.ComputeBackend(log, TensorBackend.Current.Name);
        return TensorThreads.Count;
    }
}
