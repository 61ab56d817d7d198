namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>How an operand maps onto an output viewed as [rows, cols].</summary>
internal enum BcastKind : byte
{
    /// <summary>Same shape as the output.</summary>
    Full,

    /// <summary>One row repeated down the output ([n] or [1, n]).</summary>
    RowVector,

    /// <summary>One column repeated across the output ([m, 1]).</summary>
    ColumnVector,

    /// <summary>One value everywhere.</summary>
    Scalar,
}

/// <summary>
/// An operand of a broadcast kernel seen from an output of shape [rows, cols] (NumPy rules, rank &lt;= 2).
/// Element (i, j) lives at i * rowStride + (varies along the row ? j : 0).
/// </summary>
internal readonly struct Bcast
{
    private readonly int _rowStride;

    public Bcast(float[] data, int rows, int cols, int outRows, int outCols)
    {
        Data = data;
        if (rows == outRows && cols == outCols) { Kind = BcastKind.Full; _rowStride = cols; }
        // A single value is a scalar even where it would also fit the one-row or one-column pattern.
        else if (rows == 1 && cols == 1) { Kind = BcastKind.Scalar; _rowStride = 0; }
        else if (rows == 1 && cols == outCols) { Kind = BcastKind.RowVector; _rowStride = 0; }
        else if (rows == outRows && cols == 1) { Kind = BcastKind.ColumnVector; _rowStride = 1; }
        else throw new ArgumentException($"Shape [{rows}, {cols}] does not broadcast to [{outRows}, {outCols}].");
    }

    public float[] Data { get; }

    public BcastKind Kind { get; }

    /// <summary>True when values change along a row (read a span); false when a row holds one value.</summary>
    public bool IsVector => Kind is BcastKind.Full or BcastKind.RowVector;

    /// <summary>Columns [j0, j0 + length) of output row i (only when <see cref="IsVector"/>).</summary>
    public ReadOnlySpan<float> Row(int i, int j0, int length) => new(Data, i * _rowStride + j0, length);

    /// <summary>Writable columns of row i (destinations with <see cref="BcastKind.Full"/>).</summary>
    public Span<float> MutableRow(int i, int j0, int length) => new(Data, i * _rowStride + j0, length);

    /// <summary>The single value of row i (only when not <see cref="IsVector"/>).</summary>
    public float Value(int i) => Data[i * _rowStride];

    /// <summary>Reference to the single destination element of row i (column-vector and scalar targets).</summary>
    public ref float ValueRef(int i) => ref Data[i * _rowStride];
}
