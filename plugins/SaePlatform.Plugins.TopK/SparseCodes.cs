using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>Matryoshka's prefixes of CSR activations.</summary>
internal static class SparseCodes
{
    /// <summary>
    /// The same entries with those of features &gt;= <paramref name="width"/> multiplied by zero, so the prefix
    /// reconstruction decodes sparsely and its gradient reaches only the first <paramref name="width"/> features.
    /// </summary>
    public static SparseRows Prefix(SparseRows codes, int width)
    {
        if (codes.NonZeros == 0) return codes;
        // A 0/1 weight per feature, read at every stored entry on the engine's device.
        var prefix = new float[codes.Cols];
        prefix.AsSpan(0, Math.Min(width, codes.Cols)).Fill(1f);
        var mask = Ops.GatherByFeature(Tensor.FromArray(prefix, prefix.Length), codes);
        return new SparseRows(codes.Rows, codes.Cols, codes.RowOffsets, codes.Indices, Ops.Mul(codes.Values, mask));
    }
}
