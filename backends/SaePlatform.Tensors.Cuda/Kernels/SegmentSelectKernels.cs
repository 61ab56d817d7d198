using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Row selections written as CSR by segments of a row rather than whole rows: BatchTopK's kept entries (above the cut,
/// and the ties or fill entries that row-major order still admits) and the positive entries of a ReLU output. One
/// thread per (row, segment) counts, exclusive scans over the segments in row-major order give every segment its first
/// output slot and its share of the ties, and one thread per segment writes its columns ascending. A 4,096 x 65,536
/// matrix so runs on a million threads of 256 columns each, where one thread per row had 4,096 threads of 65,536.
/// </summary>
internal static class SegmentSelectKernels
{
    /// <summary>Columns per segment.</summary>
    public const int SegmentLength = 256;

    /// <summary>Selection modes: the entries that are not &lt;= 0 (positive or NaN; no ties), or BatchTopK's cut.</summary>
    public const int PositiveMode = 0, CutMode = 1;

    /// <summary>The selection's operands: the matrix's float bits, BatchTopK's search state (cut mode) and the shape.</summary>
    public struct Args
    {
        public ArrayView<int> Bits, State;
        public int Cols, Segments, Mode;
    }

    private static bool IsPositive(int x) => x >= 1 && x <= SelectionKernels.PositiveInfinityBits;

    private static bool IsNaN(int x) => (x & 0x7FFFFFFF) > SelectionKernels.PositiveInfinityBits;

    /// <summary>Whether the entry with bits x is kept outright (kept) or competes as a tie (taken in row-major order).</summary>
    private static void Classify(Args a, int x, out bool kept, out bool tie)
    {
        if (a.Mode == PositiveMode)
        {
            kept = IsPositive(x) || IsNaN(x);
            tie = false;
        }
        else if (a.State[SelectionKernels.Fill] > 0)
        {
            kept = IsPositive(x);
            tie = !kept;
        }
        else
        {
            int cut = a.State[SelectionKernels.Lo];
            bool selecting = a.State[SelectionKernels.Want] > 0;
            kept = selecting && x > cut && x <= SelectionKernels.PositiveInfinityBits;
            tie = selecting && x == cut;
        }
    }

    /// <summary>Thread i = (row, segment): kept[1 + i] = its entries kept outright, ties[1 + i] = its ties.</summary>
    public static void Count(Index1D i, Args a, ArrayView<int> kept, ArrayView<int> ties)
    {
        int r = i / a.Segments, s = i - r * a.Segments;
        int start = s * SegmentLength, end = Math.Min(a.Cols, start + SegmentLength), above = 0, equal = 0;
        long rowBase = (long)r * a.Cols;
        for (int j = start; j < end; j++)
        {
            Classify(a, a.Bits[rowBase + j], out bool k, out bool t);
            if (k) above++;
            else if (t) equal++;
        }
        kept[1 + i] = above;
        ties[1 + i] = equal;
    }

    /// <summary>
    /// Thread i, after the scan of the ties (ties[i] = the ties before segment i in row-major order): take[i] = how many of
    /// its ties are still wanted, added to its count.
    /// </summary>
    public static void Take(Index1D i, Args a, ArrayView<int> kept, ArrayView<int> ties, ArrayView<int> take)
    {
        int need = 0;
        if (a.Mode == CutMode)
            need = a.State[SelectionKernels.Fill] > 0 ? a.State[SelectionKernels.Fill] : a.State[SelectionKernels.Want] - a.State[SelectionKernels.CountHi];
        int t = Math.Max(0, Math.Min(need - ties[i], ties[i + 1] - ties[i]));
        take[i] = t;
        kept[1 + i] += t;
    }

    /// <summary>Thread r of rows + 1, after the scan of the counts (kept[i] = segment i's first slot): offsets[r] = row r's first slot.</summary>
    public static void RowOffsets(Index1D r, ArrayView<int> kept, int segments, ArrayView<int> offsets) => offsets[r] = kept[r * segments];

    /// <summary>Thread i: writes its segment's selected columns, ascending, from its first slot (never past limit).</summary>
    public static void Write(Index1D i, Args a, ArrayView<int> kept, ArrayView<int> take, ArrayView<int> output, int limit)
    {
        int r = i / a.Segments, s = i - r * a.Segments;
        int start = s * SegmentLength, end = Math.Min(a.Cols, start + SegmentLength), e = kept[i], ties = take[i];
        long rowBase = (long)r * a.Cols;
        for (int j = start; j < end; j++)
        {
            Classify(a, a.Bits[rowBase + j], out bool k, out bool t);
            if (!k && !(t && ties > 0)) continue;
            if (!k) ties--;
            if (e < limit) output[e] = j;
            e++;
        }
    }
}
