using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Kernels between a CSR pattern (row offsets, column indices, values) and dense matrices. Every output element has one
/// thread that sums its terms in the CPU's order, in float32 as the CPU does: by row entries for S @ W, by the entries of
/// a feature in ascending entry order (the feature-major index) for S^T @ D and the column sums.
/// </summary>
internal static class SparseKernels
{
    /// <summary>The row of stored entry e: the last row whose offset is at most e (empty rows share their offset).</summary>
    public static int RowOf(ArrayView<int> offsets, int rows, int e)
    {
        int lo = 0, hi = rows - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (offsets[mid] <= e) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>A pattern's structure as kernel arguments.</summary>
    public struct Pattern
    {
        public ArrayView<int> Offsets, Indices;
        public int Rows;
    }

    /// <summary>values[e] = dense[row(e), idx(e)], through ReLU (NaN to 0, as the CPU's <c>!(x &gt; 0)</c>) when asked.</summary>
    public static void Gather(Index1D e, Pattern p, ArrayView<float> dense, int n, int relu, ArrayView<float> values)
    {
        int r = RowOf(p.Offsets, p.Rows, e);
        float x = dense[(long)r * n + p.Indices[e]];
        values[e] = relu != 0 && !(x > 0f) ? 0f : x;
    }

    /// <summary>One thread per row (so repeated columns in a row cannot race): dense[r, idx(e)] += values[e] in entry order.</summary>
    public static void ScatterAdd(Index1D r, Pattern p, ArrayView<float> values, ArrayView<float> dense, int n)
    {
        long rowBase = (long)(int)r * n;
        for (int e = p.Offsets[r]; e < p.Offsets[r + 1]; e++) dense[rowBase + p.Indices[e]] += values[e];
    }

    /// <summary>result[e] = values[e] &gt; 0 ? grad[e] : 0.</summary>
    public static void ReluGrad(Index1D e, ArrayView<float> grad, ArrayView<float> values, ArrayView<float> result) =>
        result[e] = values[e] > 0f ? grad[e] : 0f;

    /// <summary>Operands of <see cref="MatMul"/>.</summary>
    public struct MatMulArgs
    {
        public Pattern P;
        public ArrayView<float> Values, W, Bias, Result;
        public int D, N, TransposeW, HasBias;
        public float Beta;
    }

    /// <summary>
    /// One thread per result element (r, c): beta * result (0 for beta 0, unchanged for 1), + bias[c], then + W[idx, c] * v
    /// (W^T: W[c, idx]) for each non-zero stored value of the row in order. Neighbouring threads take neighbouring c for
    /// W (their reads of a row of W coalesce) and neighbouring r for W^T: then they all read row c of W (d_sae floats,
    /// which stays in cache) instead of one row of W each, at the price of strided writes of the result.
    /// </summary>
    public static void MatMul(Index1D index, MatMulArgs a)
    {
        int r, c;
        if (a.TransposeW != 0)
        {
            c = index / a.P.Rows;
            r = index - c * a.P.Rows;
        }
        else
        {
            r = index / a.D;
            c = index - r * a.D;
        }
        long at = (long)r * a.D + c;
        float acc = a.Beta == 0f ? 0f : a.Beta == 1f ? a.Result[at] : a.Beta * a.Result[at];
        if (a.HasBias != 0) acc += a.Bias[c];
        for (int e = a.P.Offsets[r]; e < a.P.Offsets[r + 1]; e++)
        {
            float v = a.Values[e];
            if (v == 0f) continue;
            int j = a.P.Indices[e];
            float w = a.TransposeW != 0 ? a.W[(long)c * a.N + j] : a.W[(long)j * a.D + c];
            acc = w * v + acc;
        }
        a.Result[at] = acc;
    }

    /// <summary>One thread per stored entry: result[e] = beta * result[e] + dot(dense[row(e), :], W[idx(e), :]) (float32, in order).</summary>
    public static void RowDots(Index1D e, Pattern p, ArrayView<float> dense, ArrayView<float> w, int d, float beta, ArrayView<float> result)
    {
        int r = RowOf(p.Offsets, p.Rows, e);
        long gBase = (long)r * d, wBase = (long)p.Indices[e] * d;
        float dot = 0f;
        for (int c = 0; c < d; c++) dot += dense[gBase + c] * w[wBase + c];
        result[e] = beta == 0f ? dot : beta * result[e] + dot;
    }

    // ---- Feature-major index ----------------------------------------------------------------------------------

    /// <summary>counts[idx(e) + 1] += 1 (an integer atomic: the counts do not depend on the order).</summary>
    public static void CountFeatures(Index1D e, ArrayView<int> indices, ArrayView<int> counts) => Atomic.Add(ref counts[indices[e] + 1], 1);

    /// <summary>Entries a thread of the radix sort handles, in order (its chunk of the entry list).</summary>
    public const int RadixChunk = 256;

    /// <summary>Values of one radix digit (8 bits of a feature index per pass).</summary>
    public const int RadixDigits = 256;

    /// <summary>
    /// One thread per chunk of <see cref="RadixChunk"/> entries: counts the digits (bits shift..shift+7) of its keys into
    /// counts[1 + digit * chunks + chunk], digit-major, so that an exclusive scan gives every (digit, chunk) its first slot
    /// in stable order.
    /// </summary>
    public static void RadixCount(Index1D c, ArrayView<int> keys, int n, int shift, int chunks, ArrayView<int> counts)
    {
        for (int d = 0; d < RadixDigits; d++) counts[1 + d * chunks + c] = 0;
        int start = c * RadixChunk, end = Math.Min(n, start + RadixChunk);
        for (int e = start; e < end; e++) counts[1 + ((keys[e] >> shift) & (RadixDigits - 1)) * chunks + c]++;
    }

    /// <summary>
    /// One thread per chunk, after the scan (slots[digit * chunks + chunk] = its first slot): moves its keys and values to
    /// their slots in chunk order, so that equal digits keep their order (a stable pass of an LSD radix sort, the same on
    /// every run).
    /// </summary>
    public static void RadixScatter(Index1D c, ArrayView<int> keys, ArrayView<int> values, int n, int shift, int chunks, ArrayView<int> slots,
        ArrayView<int> keysOut, ArrayView<int> valuesOut)
    {
        int start = c * RadixChunk, end = Math.Min(n, start + RadixChunk);
        for (int e = start; e < end; e++)
        {
            int at = slots[((keys[e] >> shift) & (RadixDigits - 1)) * chunks + c]++;
            keysOut[at] = keys[e];
            valuesOut[at] = values[e];
        }
    }

    /// <summary>entryRows[s] = the row of entries[s].</summary>
    public static void EntryRows(Index1D s, Pattern p, ArrayView<int> entries, ArrayView<int> entryRows) => entryRows[s] = RowOf(p.Offsets, p.Rows, entries[s]);

    /// <summary>The feature-major index as kernel arguments: feature j's entries are Entries[Offsets[j] .. Offsets[j + 1]).</summary>
    public struct FeatureIndex
    {
        public ArrayView<int> Offsets, Entries, Rows;
    }

    /// <summary>Operands of <see cref="TransposeMatMul"/>.</summary>
    public struct TransposeArgs
    {
        public FeatureIndex F;
        public ArrayView<float> Values, Dense, Result;
        public int N, D, TransposeResult;
        public float Beta;
    }

    /// <summary>
    /// One thread per result element of feature j, column c of dense: [n, d] starts from beta * result and adds
    /// dense[row, c] * v per non-zero entry of j in entry order; [d, n] sums from 0 and adds beta * result at the end (the
    /// CPU's two orders). With beta 1 a feature without entries is left untouched.
    /// </summary>
    public static void TransposeMatMul(Index1D index, TransposeArgs a)
    {
        int j, c;
        if (a.TransposeResult != 0)
        {
            c = index / a.N;
            j = index - c * a.N;
        }
        else
        {
            j = index / a.D;
            c = index - j * a.D;
        }
        int start = a.F.Offsets[j], end = a.F.Offsets[j + 1];
        if (a.Beta == 1f && start == end) return;
        float acc = a.TransposeResult != 0 || a.Beta == 0f ? 0f : a.Beta == 1f ? a.Result[index] : a.Beta * a.Result[index];
        for (int s = start; s < end; s++)
        {
            float v = a.Values[a.F.Entries[s]];
            if (v == 0f) continue;
            acc = a.Dense[(long)a.F.Rows[s] * a.D + c] * v + acc;
        }
        if (a.TransposeResult != 0) acc += a.Beta == 0f ? 0f : a.Beta * a.Result[index];
        a.Result[index] = acc;
    }

    /// <summary>One thread per feature: result[j] = beta * result[j] (0 for beta 0), + each stored value of j in entry order.</summary>
    public static void ColumnSums(Index1D j, FeatureIndex f, ArrayView<float> values, float beta, ArrayView<float> result)
    {
        int start = f.Offsets[j], end = f.Offsets[j + 1];
        if (beta == 1f && start == end) return;
        float acc = beta == 0f ? 0f : beta == 1f ? result[j] : beta * result[j];
        for (int s = start; s < end; s++) acc += values[f.Entries[s]];
        result[j] = acc;
    }
}
