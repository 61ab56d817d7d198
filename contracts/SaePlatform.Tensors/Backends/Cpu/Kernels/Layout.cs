namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// The iteration space of a broadcast kernel. When every operand is either full-size or a single value,
/// the 2-D structure is irrelevant and the kernel runs over one flat row of all elements, which splits
/// into evenly sized chunks however the output is shaped.
/// </summary>
internal readonly struct Layout
{
    private Layout(int rows, int cols, bool flat)
    {
        Rows = rows;
        Cols = cols;
        IsFlat = flat;
    }

    public int Rows { get; }

    public int Cols { get; }

    public bool IsFlat { get; }

    public int Length => Rows * Cols;

    /// <summary>Layout over an output of <paramref name="output"/>'s shape with the given operands.</summary>
    public static Layout For(Tensor output, Tensor o1, Tensor? o2 = null, Tensor? o3 = null)
    {
        bool flat = FullOrScalar(output, o1) && (o2 is null || FullOrScalar(output, o2)) && (o3 is null || FullOrScalar(output, o3));
        return flat ? new Layout(1, output.Length, true) : new Layout(output.Rows, output.Cols, false);
    }

    /// <summary>A [rows, cols] layout iterated row by row (never flattened).</summary>
    public static Layout Grid(int rows, int cols) => new(rows, cols, false);

    /// <summary>How <paramref name="operand"/> maps onto this layout.</summary>
    public Bcast View(Tensor operand) => View(operand.Array, operand.Rows, operand.Cols, operand.Length);

    /// <summary>How raw data of shape [rows, cols] maps onto this layout.</summary>
    public Bcast View(float[] data, int rows, int cols, int length) => IsFlat
        ? new Bcast(data, 1, length == Length ? Length : 1, 1, Length)
        : new Bcast(data, rows, cols, Rows, Cols);

    private static bool FullOrScalar(Tensor output, Tensor t) =>
        t.Length == 1 || (t.Rows == output.Rows && t.Cols == output.Cols);
}
