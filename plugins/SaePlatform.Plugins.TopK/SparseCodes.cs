using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>Matryoshka's prefixes of CSR activations.</summary>
internal static class SparseCodes
{
    /// <summary>
    /// The same entries with those of features outside the prefix multiplied by zero, so the prefix reconstruction
    /// decodes sparsely and its gradient reaches only the prefix's features.
    /// </summary>
    /// <param name="codes">The codes.</param>
    /// <param name="prefixWeights">[cols] weights, 1 for the prefix's features and 0 after (<see cref="PrefixWeights"/>),
    /// where the codes live.</param>
    public static SparseRows Prefix(SparseRows codes, Tensor prefixWeights)
    {
        if (codes.NonZeros == 0) return codes;
        var mask = Ops.GatherByFeature(prefixWeights, codes);
        return new SparseRows(codes.Rows, codes.Cols, codes.RowOffsets, codes.Indices, Ops.Mul(codes.Values, mask));
    }

    /// <summary>A persistent [cols] 0/1 weight per feature on the current engine's device: 1 below <paramref name="width"/>.</summary>
    public static Tensor PrefixWeights(int cols, int width)
    {
        var prefix = new float[cols];
        prefix.AsSpan(0, Math.Min(width, cols)).Fill(1f);
        var weights = Tensor.Persistent(cols);
        weights.CopyFrom(prefix);
        return weights;
    }
}
