namespace SaePlatform.Tensors.IO;

/// <summary>
/// The parsed header of a .npy file (numpy <c>numpy.lib.format</c>): version, element type, byte
/// order, memory order, shape and where the raw data starts.
/// </summary>
/// <param name="MajorVersion">Format major version: 1, 2 or 3.</param>
/// <param name="MinorVersion">Format minor version (0 for every published version).</param>
/// <param name="Descr">The dtype descriptor as written, e.g. <c>&lt;f4</c>.</param>
/// <param name="Dtype">The element type the descriptor names.</param>
/// <param name="IsBigEndian">True for <c>&gt;</c> descriptors (the data must be byte-swapped on load).</param>
/// <param name="FortranOrder">True when the data is column-major; the readers reject such files.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="DataOffset">Byte offset of the first element from the start of the file (a multiple of 64 for numpy-written files).</param>
public sealed record NpyHeader(
    int MajorVersion,
    int MinorVersion,
    string Descr,
    TensorFileDtype Dtype,
    bool IsBigEndian,
    bool FortranOrder,
    IReadOnlyList<long> Shape,
    long DataOffset)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n = checked(n * d);
            return n;
        }
    }

    /// <summary>Bytes of raw data the shape and dtype call for.</summary>
    public long DataLength => checked(ElementCount * Dtype.ElementSize());

    /// <summary>Shape written like numpy prints it, e.g. <c>(2, 3)</c>.</summary>
    public string ShapeText => NpyHeaderText.FormatShape(Shape);
}
