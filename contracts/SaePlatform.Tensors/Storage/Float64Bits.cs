using System.Runtime.InteropServices;

namespace SaePlatform.Tensors.Storage;

/// <summary>
/// Float64 values kept exactly in float32 tensors: each value occupies two consecutive elements holding its bits in
/// memory order. Kernels that reduce in float64 (gradient norms, reconstruction statistics) write their results this
/// way, so that a step's values can stay on the device and reach the host in one transfer with nothing rounded.
/// </summary>
public static class Float64Bits
{
    /// <summary>Value <paramref name="index"/> of <paramref name="pairs"/> (elements 2 index and 2 index + 1).</summary>
    public static double Read(ReadOnlySpan<float> pairs, int index) => MemoryMarshal.Cast<float, double>(pairs.Slice(2 * index, 2))[0];

    /// <summary>Stores <paramref name="value"/> as value <paramref name="index"/> of <paramref name="pairs"/>.</summary>
    public static void Write(Span<float> pairs, int index, double value) => MemoryMarshal.Cast<float, double>(pairs.Slice(2 * index, 2))[0] = value;
}
