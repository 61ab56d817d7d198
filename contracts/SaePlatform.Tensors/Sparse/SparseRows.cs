namespace SaePlatform.Tensors.Sparse;

/// <summary>
/// Sparse feature activations of a batch in CSR form: row r's active features are
/// <c>Indices[RowOffsets[r]..RowOffsets[r+1]]</c> with values at the same positions of <see cref="Values"/>.
/// TopK gives exactly k entries per row; batch-wide top-k gives a variable count.
/// </summary>
public sealed class SparseRows
{
    /// <summary>Creates a CSR batch. <paramref name="values"/> is a 1-D tensor of length nnz (it may carry a gradient).</summary>
    /// <exception cref="ArgumentException">Offsets, indices and values disagree.</exception>
    public SparseRows(int rows, int cols, int[] rowOffsets, int[] indices, Tensor values)
    {
        if (rowOffsets.Length != rows + 1) throw new ArgumentException($"rowOffsets has {rowOffsets.Length} entries, expected {rows + 1}.");
        if (values.Length != rowOffsets[rows] || indices.Length < rowOffsets[rows])
            throw new ArgumentException($"{values.Length} values and {indices.Length} indices for {rowOffsets[rows]} non-zeros.");
        Rows = rows;
        Cols = cols;
        RowOffsets = rowOffsets;
        Indices = indices;
        Values = values;
    }

    /// <summary>Number of rows (batch size).</summary>
    public int Rows { get; }

    /// <summary>Number of features (d_sae).</summary>
    public int Cols { get; }

    /// <summary>CSR row pointers, length <see cref="Rows"/> + 1.</summary>
    public int[] RowOffsets { get; }

    /// <summary>Feature index of each stored entry.</summary>
    public int[] Indices { get; }

    /// <summary>Value of each stored entry (1-D, length <see cref="NonZeros"/>).</summary>
    public Tensor Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => RowOffsets[Rows];
}
