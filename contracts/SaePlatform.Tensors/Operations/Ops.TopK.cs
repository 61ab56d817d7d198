using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors;

// TopK-family selections from a dense [rows, n] matrix into CSR activations. The gradient of the
// returned Values flows back to h only at the selected positions (a scatter into a zeroed dh).
public static partial class Ops
{
    /// <summary>
    /// Keeps the <paramref name="k"/> largest entries of each row of <paramref name="h"/> [rows, n]
    /// (ties to the lower column index), then applies ReLU to the kept values (SAELens order:
    /// select, then ReLU). Every row stores exactly k entries with ascending column indices; a kept
    /// value that ReLU zeroes stays stored as 0 (so callers counting L0 should count non-zero values).
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Entries kept per row, 0 to n.</param>
    /// <param name="relu">Apply ReLU to the kept values (default true); false keeps them signed.</param>
    /// <returns>CSR activations whose <see cref="SparseRows.Values"/> carry the gradient to <paramref name="h"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="h"/> is not 2-D or k is out of range.</exception>
    public static SparseRows TopK(Tensor h, int k, bool relu = true)
    {
        Require(h.Rank == 2, "TopK", $"needs a 2-D tensor, got {h.ShapeString}");
        Require(k >= 0 && k <= h.Cols, "TopK", $"k = {k} is outside [0, {h.Cols}]");
        var indices = NewIndices(h.Rows, k);
        B.TopKSelect(h, k, null, null, indices);
        return GatherSelection(h, UniformOffsets(h.Rows, k), indices, relu, "TopK");
    }

    /// <summary>
    /// Top-k of each row restricted to the columns where <paramref name="allowedFeatures"/> is true (the
    /// dead features of the TopK auxiliary loss, Gao et al. 2024). Each row keeps min(k, allowed count)
    /// entries; ties go to the lower column index; gradient as in <see cref="TopK"/>.
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Entries kept per row (clamped to the allowed count), at least 0.</param>
    /// <param name="allowedFeatures">One flag per column of <paramref name="h"/>.</param>
    /// <param name="relu">Apply ReLU to the kept values (default true). SAELens's AuxK uses the raw values: pass false to match it.</param>
    /// <exception cref="ArgumentException">Shapes disagree or k is negative.</exception>
    public static SparseRows TopKMasked(Tensor h, int k, ReadOnlySpan<bool> allowedFeatures, bool relu = true)
    {
        Require(h.Rank == 2, "TopKMasked", $"needs a 2-D tensor, got {h.ShapeString}");
        Require(k >= 0, "TopKMasked", $"k = {k} is negative");
        Require(allowedFeatures.Length == h.Cols, "TopKMasked", $"{allowedFeatures.Length} feature flags for {h.Cols} columns");
        return TopKMasked(h, k, Candidates(allowedFeatures), relu);
    }

    /// <summary>
    /// <see cref="TopKMasked(Tensor, int, ReadOnlySpan{bool}, bool)"/> with the allowed columns as indices on the engine's
    /// device, ascending (e.g. <c>IDeadFeatures.Indices()</c>), so that no host data crosses to the device.
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Entries kept per row (clamped to the allowed count), at least 0.</param>
    /// <param name="candidates">The allowed columns, ascending, each below n.</param>
    /// <param name="relu">Apply ReLU to the kept values (default true).</param>
    /// <exception cref="ArgumentException">Shapes disagree, k is negative, or there are more candidates than columns.</exception>
    public static SparseRows TopKMasked(Tensor h, int k, IndexTensor candidates, bool relu = true)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Require(h.Rank == 2, "TopKMasked", $"needs a 2-D tensor, got {h.ShapeString}");
        Require(k >= 0, "TopKMasked", $"k = {k} is negative");
        Require(candidates.Length <= h.Cols, "TopKMasked", $"{candidates.Length} candidate columns for {h.Cols} columns");
        int kept = Math.Min(k, candidates.Length);
        var indices = NewIndices(h.Rows, kept);
        B.TopKSelect(h, kept, null, candidates, indices);
        return GatherSelection(h, UniformOffsets(h.Rows, kept), indices, relu, "TopKMasked");
    }

    /// <summary>
    /// BatchTopK (Bussmann et al. 2024): ReLU, then keeps the floor(k * rows) largest entries of the whole
    /// batch, so rows keep different counts; ties go to the lower row-major position. The codes always hold
    /// min(floor(k * rows), rows * n) entries, so the host sizes them without a read from the device: when fewer
    /// entries are positive, every positive one is kept and the first non-positive entries in row-major order are
    /// stored as explicit zeros (they decode to nothing, get no gradient and do not count as firing).
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Mean entries kept per row, at least 0.</param>
    /// <exception cref="ArgumentException"><paramref name="h"/> is not 2-D or k is negative.</exception>
    public static SparseRows BatchTopK(Tensor h, int k) => BatchTopK(h, k, smallestKept: null);

    /// <inheritdoc cref="BatchTopK(Tensor, int)"/>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Mean entries kept per row, at least 0.</param>
    /// <param name="smallestKept">A [1] tensor that receives the smallest kept positive activation (for the threshold
    /// EMA theta &lt;- 0.99 theta + 0.01 min), NaN when none is positive; it stays where the tensors live (no read).
    /// Null when not wanted.</param>
    public static SparseRows BatchTopK(Tensor h, int k, Tensor? smallestKept)
    {
        Require(h.Rank == 2, "BatchTopK", $"needs a 2-D tensor, got {h.ShapeString}");
        var (offsets, indices) = BatchTopKSelection(h, k, smallestKept, "BatchTopK");
        return GatherSelection(h, offsets, indices, relu: true, "BatchTopK");
    }

    /// <inheritdoc cref="BatchTopK(Tensor, int)"/>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="k">Mean entries kept per row, at least 0.</param>
    /// <param name="minKept">The smallest kept positive activation, NaN when none is positive: read back to the host
    /// (one small read on a device; <see cref="BatchTopK(Tensor, int, Tensor?)"/> keeps it there).</param>
    public static SparseRows BatchTopK(Tensor h, int k, out float minKept)
    {
        using var smallest = Tensor.Empty(1);
        var codes = BatchTopK(h, k, smallest);
        minKept = smallest.ToScalar();
        return codes;
    }

    /// <summary>The CSR structure of BatchTopK's selection of h: min(k * rows, rows * n) entries, sized on the host.</summary>
    private static (IndexTensor Offsets, IndexTensor Indices) BatchTopKSelection(Tensor h, int k, Tensor? smallestKept, string op)
    {
        Require(k >= 0, op, $"k = {k} is negative");
        Require(smallestKept is null || smallestKept.Length == 1, op, $"the smallest kept value goes to a [1] tensor, got {smallestKept?.ShapeString}");
        int count = (int)Math.Min((long)k * h.Rows, h.Length);
        var offsets = IndexTensor.Empty(h.Rows + 1);
        var indices = IndexTensor.Empty(count);
        using var scratch = smallestKept is null ? Tensor.Empty(1) : null;
        B.BatchTopKSelect(h, count, offsets, indices, smallestKept ?? scratch!);
        return (offsets, indices);
    }

    /// <summary>
    /// The positions of the positive entries of the 1-D <paramref name="flags"/> (e.g. a 0/1 mask), ascending, as indices on
    /// the engine's device, given how many there are (<paramref name="count"/>, known on the host): no transfer.
    /// </summary>
    /// <param name="flags">1-D values; entries &gt; 0 (and NaN) are selected.</param>
    /// <param name="count">The number of such entries.</param>
    /// <exception cref="ArgumentException"><paramref name="flags"/> is not 1-D or <paramref name="count"/> is outside [0, length].</exception>
    public static IndexTensor PositiveIndices(Tensor flags, int count)
    {
        ArgumentNullException.ThrowIfNull(flags);
        Require(flags.Rank == 1, "PositiveIndices", $"needs a 1-D tensor, got {flags.ShapeString}");
        Require(count >= 0 && count <= flags.Length, "PositiveIndices", $"count {count} is outside [0, {flags.Length}]");
        using var rowCounts = Tensor.Empty(1);
        rowCounts.Fill(count);
        var row = flags.ViewAs([1, flags.Length]);
        B.SelectPositive(row, rowCounts, count, out var offsets, out var indices);
        return indices;
    }

    private static IndexTensor NewIndices(int rows, int k) => IndexTensor.Empty(checked(rows * k));

    // Offsets of rows that each keep k entries, written where the codes live (no upload).
    private static IndexTensor UniformOffsets(int rows, int k)
    {
        var offsets = IndexTensor.Empty(rows + 1);
        B.FillSequence(offsets, k);
        return offsets;
    }

    // The allowed columns, ascending, on the engine's device (the dead-feature mask is host data today).
    private static IndexTensor Candidates(ReadOnlySpan<bool> allowed)
    {
        var columns = new List<int>(allowed.Length);
        for (int j = 0; j < allowed.Length; j++)
            if (allowed[j]) columns.Add(j);
        return IndexTensor.FromArray(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(columns));
    }

    /// <summary>Gathers the selected entries of h (optionally through ReLU) and records the scatter backward.</summary>
    private static SparseRows GatherSelection(Tensor h, IndexTensor offsets, IndexTensor indices, bool relu, string op)
    {
        var values = Tensor.Empty(indices.Length);
        var codes = new SparseRows(h.Rows, h.Cols, offsets, indices, values);
        B.SparseGather(h, codes, relu, values);
        if (!GradNode.NeedsRecording(h)) return codes;
        GradNode.Record(values, op, (g, ctx) =>
        {
            var dh = ctx.GradZeroed(0);
            if (!relu)
            {
                B.SparseScatterAdd(codes, g, dh);
                return;
            }
            using var masked = Tensor.Empty(values.Length);
            B.SparseReluGrad(g, values, masked);
            B.SparseScatterAdd(codes, masked, dh);
        }, h);
        return codes;
    }
}
