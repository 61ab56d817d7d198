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
        var m = new float[codes.NonZeros];
        for (int e = 0; e < m.Length; e++) m[e] = codes.Indices[e] < width ? 1f : 0f;
        return new SparseRows(codes.Rows, codes.Cols, codes.RowOffsets, codes.Indices, Ops.Mul(codes.Values, Tensor.FromArray(m, m.Length)));
    }
}
