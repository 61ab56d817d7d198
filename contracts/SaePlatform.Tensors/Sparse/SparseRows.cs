namespace SaePlatform.Tensors.Sparse;

/// <summary>
/// Sparse feature activations of a batch in CSR form: row r's active features are
/// <c>Indices[RowOffsets[r]..RowOffsets[r+1]]</c> with values at the same positions of <see cref="Values"/>.
/// TopK gives exactly k entries per row; batch-wide top-k gives a variable count. The offsets and indices are
/// <see cref="IndexTensor"/>s, so codes computed on a device stay there.
/// </summary>
public sealed class SparseRows
{
    /// <summary>Creates a CSR batch. <paramref name="values"/> is a 1-D tensor of length nnz (it may carry a gradient).</summary>
    /// <exception cref="ArgumentException">Offsets, indices and values disagree (offsets are checked when on the host).</exception>
    public SparseRows(int rows, int cols, IndexTensor rowOffsets, IndexTensor indices, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(rowOffsets);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowOffsets.Length != rows + 1) throw new ArgumentException($"rowOffsets has {rowOffsets.Length} entries, expected {rows + 1}.");
        if (indices.Length < values.Length || (rowOffsets.IsHost && values.Length != rowOffsets[rows]))
            throw new ArgumentException($"{values.Length} values and {indices.Length} indices for {(rowOffsets.IsHost ? rowOffsets[rows] : values.Length)} non-zeros.");
        Rows = rows;
        Cols = cols;
        RowOffsets = rowOffsets;
        Indices = indices;
        Values = values;
    }

    /// <summary>Creates a CSR batch over host arrays (tests, tools, the CPU backend).</summary>
    /// <exception cref="ArgumentException">Offsets, indices and values disagree.</exception>
    public SparseRows(int rows, int cols, int[] rowOffsets, int[] indices, Tensor values)
        : this(rows, cols, IndexTensor.Wrap(rowOffsets), IndexTensor.Wrap(indices), values)
    {
    }

    /// <summary>Number of rows (batch size).</summary>
    public int Rows { get; }

    /// <summary>Number of features (d_sae).</summary>
    public int Cols { get; }

    /// <summary>CSR row pointers, length <see cref="Rows"/> + 1.</summary>
    public IndexTensor RowOffsets { get; }

    /// <summary>Feature index of each stored entry (at least <see cref="NonZeros"/> of them).</summary>
    public IndexTensor Indices { get; }

    /// <summary>Value of each stored entry (1-D, length <see cref="NonZeros"/>).</summary>
    public Tensor Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => Values.Length;
}
