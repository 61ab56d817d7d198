namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// Produces the values of one output row segment for <see cref="BroadcastReduce"/>. Implemented by
/// structs so the JIT specialises the reduction loop for each source (no virtual call per row).
/// </summary>
internal interface IRowSource
{
    /// <summary>
    /// Values of row <paramref name="i"/>, columns [j0, j0 + scratch.Length): either written into
    /// <paramref name="scratch"/> (and returned) or returned directly as a slice of existing data.
    /// </summary>
    ReadOnlySpan<float> Get(int i, int j0, Span<float> scratch);
}
