using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Selection kernels: per-row top-k (a heap per row, exactly the CPU's <c>RowTopK</c> order, NaN included), the search
/// for batch-wide top-k's cut over float bit patterns (its entries are then written by <see cref="SegmentSelectKernels"/>:
/// ties to the lower row-major position; when fewer are positive, all of them and then the first non-positive entries),
/// and the exclusive prefix sum over int counts the selections share.
/// </summary>
internal static class SelectionKernels
{
    /// <summary>Bit pattern of +infinity: positive non-NaN floats are the int bits in [1, this].</summary>
    public const int PositiveInfinityBits = 0x7F800000;

    /// <summary>Thresholds tried per round of the batch top-k search (one warp of threads per chunk of the matrix).</summary>
    public const int Buckets = 32;

    /// <summary>Slots of the search state: the bit interval [lo, hi) holding the cut, how many positive entries to keep
    /// (-1 before the first round), how many positive entries lie at or above hi, how many non-positive entries fill the
    /// selection (when fewer than asked are positive), then the per-threshold counts of a round.</summary>
    public const int Lo = 0, Hi = 1, Want = 2, CountHi = 3, Fill = 4, Histogram = 8, StateLength = Histogram + Buckets;


    // ---- TopK -------------------------------------------------------------------------------------------------

    /// <summary>Operands of <see cref="TopK"/>.</summary>
    public struct TopKArgs
    {
        public ArrayView<float> Scores, Scale, Values;
        public ArrayView<int> Candidates, Output;
        public int Cols, K, Scaled, CandidateCount; // CandidateCount -1: every column competes
    }

    /// <summary>
    /// One thread per row: the CPU's streaming heap (root = the worst kept entry; the first k columns pushed, every
    /// later one replacing the root when strictly greater), its columns in the row's output slice and their scores in
    /// <c>Values</c>; then the kept columns sorted ascending. Same comparisons as the CPU, so NaN scores behave alike.
    /// </summary>
    public static void TopK(Index1D row, TopKArgs a)
    {
        int k = a.K, n = a.Cols, count = 0, c = 0;
        int m = a.CandidateCount < 0 ? n : a.CandidateCount;
        long rowBase = (long)(int)row * n, slot = (long)(int)row * k;
        float root = 0f;
        for (; c < m && count < k; c++)
        {
            int j = Column(a, c);
            Push(a.Values, a.Output, slot, count++, Score(a, rowBase, j), j);
            root = a.Values[slot];
        }
        // Offers, four scores loaded at a time: a group none of whose scores beats the root is skipped (the root never
        // decreases, and NaN never beats it), as the CPU's vector filter does.
        for (; c + 4 <= m; c += 4)
        {
            int j0 = Column(a, c), j1 = Column(a, c + 1), j2 = Column(a, c + 2), j3 = Column(a, c + 3);
            float v0 = Score(a, rowBase, j0), v1 = Score(a, rowBase, j1), v2 = Score(a, rowBase, j2), v3 = Score(a, rowBase, j3);
            if (!(v0 > root) && !(v1 > root) && !(v2 > root) && !(v3 > root)) continue;
            root = Offer(a, slot, k, v0, j0, root);
            root = Offer(a, slot, k, v1, j1, root);
            root = Offer(a, slot, k, v2, j2, root);
            root = Offer(a, slot, k, v3, j3, root);
        }
        for (; c < m; c++)
        {
            int j = Column(a, c);
            root = Offer(a, slot, k, Score(a, rowBase, j), j, root);
        }
        SortAscending(a.Output, slot, count);
    }

    /// <summary>Operands of the two-pass top-k (<see cref="TopKSegments"/>, <see cref="TopKMerge"/>).</summary>
    public struct TopKSegmentArgs
    {
        public ArrayView<float> SegmentValues;
        public ArrayView<int> SegmentColumns, SegmentCounts, NanRows;
        public int SegmentLength, Segments;
    }

    /// <summary>
    /// First pass of the top-k of a wide row on a GPU, one thread per (row, segment of <c>SegmentLength</c> columns): the
    /// segment's k best entries by the same streaming heap as <see cref="TopK"/> (columns arrive ascending, so an equal
    /// score never displaces an earlier one), in the segment's scratch slot; a row with a NaN score is flagged, and its
    /// merge then runs <see cref="TopK"/> itself, so NaN behaves exactly as on the CPU.
    /// </summary>
    public static void TopKSegments(Index1D t, TopKArgs a, TopKSegmentArgs s)
    {
        int row = t / s.Segments, segment = t - row * s.Segments, k = a.K, count = 0;
        int c0 = segment * s.SegmentLength, c1 = Math.Min(a.Cols, c0 + s.SegmentLength);
        long rowBase = (long)row * a.Cols, slot = (long)(int)t * k;
        float root = 0f;
        bool nan = false;
        for (int j = c0; j < c1; j++)
        {
            float v = Score(a, rowBase, j);
            if (float.IsNaN(v)) nan = true;
            if (count < k)
            {
                Push(s.SegmentValues, s.SegmentColumns, slot, count++, v, j);
                root = s.SegmentValues[slot];
            }
            else if (v > root)
            {
                root = SiftDown(s.SegmentValues, s.SegmentColumns, slot, k, v, j);
            }
        }
        s.SegmentCounts[t] = count;
        if (nan) s.NanRows[row] = 1; // every writer writes 1: no race on the result
    }

    /// <summary>
    /// Second pass, one thread per row: the best k of the segments' candidates under the total order (higher score, then
    /// lower column), which without NaN is exactly the set the CPU's single pass keeps; written ascending to the row's
    /// output slice. A row flagged for NaN runs <see cref="TopK"/> instead.
    /// </summary>
    public static void TopKMerge(Index1D row, TopKArgs a, TopKSegmentArgs s)
    {
        if (s.NanRows[row] != 0)
        {
            TopK(row, a);
            return;
        }
        int k = a.K, count = 0;
        long slot = (long)(int)row * k;
        for (int segment = 0; segment < s.Segments; segment++)
        {
            long from = ((long)(int)row * s.Segments + segment) * k;
            int kept = s.SegmentCounts[(int)row * s.Segments + segment];
            for (int e = 0; e < kept; e++)
            {
                float v = s.SegmentValues[from + e];
                int j = s.SegmentColumns[from + e];
                if (count < k) Push(a.Values, a.Output, slot, count++, v, j);
                else if (Worse(a.Values[slot], a.Output[slot], v, j)) SiftDown(a.Values, a.Output, slot, k, v, j);
            }
        }
        SortAscending(a.Output, slot, count);
    }

    // Adds (v, j) as heap entry i (the heap's size before the push) and sifts it up while it ranks below its parent.
    private static void Push(ArrayView<float> values, ArrayView<int> columns, long slot, int i, float v, int j)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            float pv = values[slot + parent];
            int pc = columns[slot + parent];
            if (!Worse(v, j, pv, pc)) break;
            values[slot + i] = pv;
            columns[slot + i] = pc;
            i = parent;
        }
        values[slot + i] = v;
        columns[slot + i] = j;
    }

    // Replaces the root of a full heap of k entries by (v, j) and sifts it down; returns the new root's score.
    private static float SiftDown(ArrayView<float> values, ArrayView<int> columns, long slot, int k, float v, int j)
    {
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= k) break;
            int w = l;
            float wv = values[slot + l];
            int wc = columns[slot + l];
            if (l + 1 < k)
            {
                float rv = values[slot + l + 1];
                int rc = columns[slot + l + 1];
                if (Worse(rv, rc, wv, wc))
                {
                    w = l + 1;
                    wv = rv;
                    wc = rc;
                }
            }
            if (!Worse(wv, wc, v, j)) break;
            values[slot + i] = wv;
            columns[slot + i] = wc;
            i = w;
        }
        values[slot + i] = v;
        columns[slot + i] = j;
        return values[slot];
    }

    // Insertion sort of count columns (k is small).
    private static void SortAscending(ArrayView<int> columns, long slot, int count)
    {
        for (int i = 1; i < count; i++)
        {
            int x = columns[slot + i], p = i - 1;
            while (p >= 0 && columns[slot + p] > x)
            {
                columns[slot + p + 1] = columns[slot + p];
                p--;
            }
            columns[slot + p + 1] = x;
        }
    }

    private static int Column(TopKArgs a, int c) => a.CandidateCount < 0 ? c : a.Candidates[c];

    private static float Score(TopKArgs a, long rowBase, int j) => a.Scaled != 0 ? a.Scores[rowBase + j] * a.Scale[j] : a.Scores[rowBase + j];

    /// <summary>
    /// The CPU's Offer on a full heap: an entry strictly above the root replaces it and sifts down (columns arrive
    /// ascending, so a later equal score never displaces an earlier one). Returns the new root's score.
    /// </summary>
    private static float Offer(TopKArgs a, long slot, int k, float v, int j, float root) =>
        v > root ? SiftDown(a.Values, a.Output, slot, k, v, j) : root;

    /// <summary>Entry (va, ca) ranks below (vb, cb): lower score, or an equal score at a higher column.</summary>
    private static bool Worse(float va, int ca, float vb, int cb) => va < vb || (va == vb && ca > cb);

    // ---- Prefix sums ------------------------------------------------------------------------------------------

    /// <summary>partial[b] = the sum of <c>a[1 + b * block .. 1 + min(length, (b + 1) * block))</c>.</summary>
    public static void ScanBlockSums(Index1D b, ArrayView<int> a, int length, int block, ArrayView<int> partial)
    {
        int start = b * block, end = Math.Min(length, start + block), s = 0;
        for (int i = start; i < end; i++) s += a[1 + i];
        partial[b] = s;
    }

    /// <summary>One thread (a short sequential step: about the square root of the length): the block sums' exclusive
    /// prefix in place, and a[0] = 0.</summary>
    public static void ScanPartials(Index1D unused, ArrayView<int> a, ArrayView<int> partial, int blocks)
    {
        int run = 0;
        for (int b = 0; b < blocks; b++)
        {
            int s = partial[b];
            partial[b] = run;
            run += s;
        }
        a[0] = 0;
    }

    /// <summary>Thread b: the running sum through its block, from the block's prefix: a[i] becomes the sum of the counts a[1..i].</summary>
    public static void ScanApply(Index1D b, ArrayView<int> a, int length, int block, ArrayView<int> partial)
    {
        int start = b * block, end = Math.Min(length, start + block), run = partial[b];
        for (int i = start; i < end; i++)
        {
            run += a[1 + i];
            a[1 + i] = run;
        }
    }

    // ---- BatchTopK --------------------------------------------------------------------------------------------

    /// <summary>Operands of the batch top-k search rounds.</summary>
    public struct SearchArgs
    {
        public ArrayView<int> Bits;  // the matrix's float bits
        public ArrayView<int> State;
        public int Total, Chunks;
    }

    /// <summary>One thread: the search starts over all positive floats, [1, +inf].</summary>
    public static void SearchInit(Index1D unused, ArrayView<int> state)
    {
        state[Lo] = 1;
        state[Hi] = PositiveInfinityBits + 1;
        state[Want] = -1;
        state[CountHi] = 0;
        state[Fill] = 0;
        for (int b = 0; b < Buckets; b++) state[Histogram + b] = 0;
    }

    /// <summary>
    /// Thread (chunk c, bucket b) of a round: counts the positive entries of its chunk (a contiguous range of the flattened
    /// matrix) whose bits reach the bucket's threshold <c>lo + b * step</c>, and adds the count to the round's histogram
    /// (an integer atomic: the sum does not depend on the order). The threads of a chunk (a warp) read the same elements.
    /// </summary>
    public static void SearchCount(Index1D index, SearchArgs a)
    {
        int c = index / Buckets, b = index - c * Buckets;
        int lo = a.State[Lo], hi = a.State[Hi];
        if (a.State[Want] == 0 || hi - lo <= 1) return;
        int step = (hi - lo + Buckets - 1) / Buckets;
        long t = lo + (long)b * step;
        if (t >= hi) return;
        int threshold = (int)t, count = 0;
        long start = (long)a.Total * c / a.Chunks, end = (long)a.Total * (c + 1) / a.Chunks;
        for (long e = start; e < end; e++)
        {
            int x = a.Bits[e];
            if (x >= threshold && x <= PositiveInfinityBits) count++;
        }
        if (count != 0) Atomic.Add(ref a.State[Histogram + b], count);
    }

    /// <summary>
    /// One thread after each round: the first round's count at threshold 1 is the number of positive entries, which
    /// caps the count wanted (the rest of the selection is filled with non-positive entries); the interval narrows to the bucket holding the wanted-th largest entry (the highest
    /// threshold still reached by that many entries). The histogram is cleared for the next round.
    /// </summary>
    public static void SearchStep(Index1D unused, ArrayView<int> state, int count)
    {
        int lo = state[Lo], hi = state[Hi], want = state[Want];
        if (want != 0 && hi - lo > 1)
        {
            if (want < 0)
            {
                want = Math.Min(count, state[Histogram]);
                state[Want] = want;
                state[Fill] = count - want;
            }
            if (want > 0)
            {
                int step = (hi - lo + Buckets - 1) / Buckets, pick = 0;
                for (int b = 1; b < Buckets; b++)
                {
                    if (lo + (long)b * step >= hi || state[Histogram + b] < want) break;
                    pick = b;
                }
                long next = lo + (long)(pick + 1) * step;
                if (next < hi)
                {
                    state[Hi] = (int)next;
                    state[CountHi] = state[Histogram + pick + 1];
                }
                state[Lo] = lo + pick * step;
            }
        }
        for (int b = 0; b < Buckets; b++) state[Histogram + b] = 0;
    }

    /// <summary>One thread: smallest[0] = the smallest kept positive value (the cut: with a fill, the smallest positive), NaN if none.</summary>
    public static void CutSmallest(Index1D unused, ArrayView<int> state, ArrayView<float> smallest) =>
        smallest[0] = state[Want] > 0 ? Interop.IntAsFloat((uint)state[Lo]) : float.NaN;
}
