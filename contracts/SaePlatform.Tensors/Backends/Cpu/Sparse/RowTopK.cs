using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaePlatform.Tensors.Backends.Cpu.Sparse;

/// <summary>
/// Top-k of one row by a single streaming pass: a k-entry heap whose root is the worst kept entry, and
/// a SIMD filter that skips every block with no score above the root (the common case once the heap
/// is warm), so the cost is one vectorised compare per 16 (or 8) scores rather than a sort.
/// Order: higher score first, and among equal scores the lower column index, so selection is
/// deterministic under ties; a later equal score never displaces an earlier one.
/// </summary>
internal sealed class RowTopK
{
    /// <summary>Columns per block of the threshold pre-pass.</summary>
    private const int Block = 16;

    private readonly float[] _values;
    private readonly int[] _columns;
    private float[] _blockMaxima = [];
    private int _count;

    public RowTopK(int k)
    {
        _values = new float[Math.Max(k, 1)];
        _columns = new int[Math.Max(k, 1)];
    }

    /// <summary>Selects the k best columns of <paramref name="row"/> (times <paramref name="scale"/> when not empty) into <paramref name="output"/>, ascending.</summary>
    public void SelectDense(ReadOnlySpan<float> row, ReadOnlySpan<float> scale, Span<int> output)
    {
        int k = output.Length, n = row.Length;
        _count = 0;
        if (k == 0) return;
        bool scaled = !scale.IsEmpty;
        if (Vector256.IsHardwareAccelerated && n >= 8 * Block * k && TryThreshold(row, scale, k, out float threshold))
        {
            SelectAtLeast(row, scale, threshold);
            Emit(output);
            return;
        }
        int j = 0;
        for (; j < n && _count < k; j++) Push(scaled ? row[j] * scale[j] : row[j], j);

        ref float r0 = ref MemoryMarshal.GetReference(row);
        ref float s0 = ref MemoryMarshal.GetReference(scale);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + Vector512<float>.Count <= n; j += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref r0, (nuint)j);
                if (scaled) v *= Vector512.LoadUnsafe(ref s0, (nuint)j);
                ulong mask = Vector512.GreaterThan(v, Vector512.Create(_values[0])).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Offer(v.GetElement(lane), j + lane);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + Vector256<float>.Count <= n; j += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref r0, (nuint)j);
                if (scaled) v *= Vector256.LoadUnsafe(ref s0, (nuint)j);
                uint mask = Vector256.GreaterThan(v, Vector256.Create(_values[0])).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Offer(v.GetElement(lane), j + lane);
                }
            }
        }
        for (; j < n; j++) Offer(scaled ? row[j] * scale[j] : row[j], j);
        Emit(output);
    }

    /// <summary>
    /// A lower bound on the row's k-th best score: the k-th largest of the maxima of its 16-column blocks (those k
    /// maxima are k distinct scores, so at least k scores reach it). False when a block maximum is NaN, so such rows
    /// keep the streaming pass's handling.
    /// </summary>
    private bool TryThreshold(ReadOnlySpan<float> row, ReadOnlySpan<float> scale, int k, out float threshold)
    {
        int blocks = row.Length / Block;
        if (_blockMaxima.Length < blocks) _blockMaxima = new float[blocks];
        ref float r0 = ref MemoryMarshal.GetReference(row);
        ref float s0 = ref MemoryMarshal.GetReference(scale);
        bool scaled = !scale.IsEmpty;
        for (int b = 0; b < blocks; b++)
        {
            nuint o = (nuint)(b * Block);
            var lo = Vector256.LoadUnsafe(ref r0, o);
            var hi = Vector256.LoadUnsafe(ref r0, o + 8);
            if (scaled)
            {
                lo *= Vector256.LoadUnsafe(ref s0, o);
                hi *= Vector256.LoadUnsafe(ref s0, o + 8);
            }
            var m = Vector256.Max(lo, hi); // keeps NaN
            var m4 = Vector128.Max(m.GetLower(), m.GetUpper());
            var m2 = Vector128.Max(m4, Vector128.Shuffle(m4, Vector128.Create(2, 3, 0, 1)));
            float blockMax = MathF.Max(m2.GetElement(0), m2.GetElement(1));
            if (float.IsNaN(blockMax))
            {
                threshold = float.NaN;
                return false;
            }
            _blockMaxima[b] = blockMax;
        }
        // k-th largest of the block maxima through the value heap (columns unused here).
        _count = 0;
        for (int b = 0; b < blocks; b++)
        {
            if (_count < k) Push(_blockMaxima[b], b);
            else if (_blockMaxima[b] > _values[0]) { _values[0] = _blockMaxima[b]; _columns[0] = b; SiftDown(0); }
        }
        threshold = _values[0];
        _count = 0;
        return true;
    }

    /// <summary>The streaming selection over the scores that reach <paramref name="threshold"/> only, in column order.</summary>
    private void SelectAtLeast(ReadOnlySpan<float> row, ReadOnlySpan<float> scale, float threshold)
    {
        int k = _values.Length, n = row.Length, j = 0;
        bool scaled = !scale.IsEmpty;
        ref float r0 = ref MemoryMarshal.GetReference(row);
        ref float s0 = ref MemoryMarshal.GetReference(scale);
        var t = Vector256.Create(threshold);
        for (; j + 8 <= n; j += 8)
        {
            var v = Vector256.LoadUnsafe(ref r0, (nuint)j);
            if (scaled) v *= Vector256.LoadUnsafe(ref s0, (nuint)j);
            uint mask = Vector256.GreaterThanOrEqual(v, t).ExtractMostSignificantBits();
            while (mask != 0)
            {
                int lane = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (_count < k) Push(v.GetElement(lane), j + lane);
                else Offer(v.GetElement(lane), j + lane);
            }
        }
        for (; j < n; j++)
        {
            float v = scaled ? row[j] * scale[j] : row[j];
            if (!(v >= threshold)) continue;
            if (_count < k) Push(v, j);
            else Offer(v, j);
        }
    }

    /// <summary>Like <see cref="SelectDense"/>, restricted to the ascending column list <paramref name="candidates"/>.</summary>
    public void SelectAmong(ReadOnlySpan<float> row, ReadOnlySpan<float> scale, ReadOnlySpan<int> candidates, Span<int> output)
    {
        int k = output.Length;
        _count = 0;
        if (k == 0) return;
        bool scaled = !scale.IsEmpty;
        int c = 0;
        for (; c < candidates.Length && _count < k; c++)
        {
            int j = candidates[c];
            Push(scaled ? row[j] * scale[j] : row[j], j);
        }
        for (; c < candidates.Length; c++)
        {
            int j = candidates[c];
            Offer(scaled ? row[j] * scale[j] : row[j], j);
        }
        Emit(output);
    }

    private void Emit(Span<int> output)
    {
        var cols = _columns.AsSpan(0, _count);
        cols.Sort();
        cols.CopyTo(output);
    }

    /// <summary>Replaces the root when <paramref name="value"/> beats it; columns arrive ascending, so strictly greater is the tie rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Offer(float value, int column)
    {
        if (!(value > _values[0])) return;
        _values[0] = value;
        _columns[0] = column;
        SiftDown(0);
    }

    private void Push(float value, int column)
    {
        int i = _count++;
        _values[i] = value;
        _columns[i] = column;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(i, parent)) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        int n = _count;
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= n) return;
            int w = l + 1 < n && Worse(l + 1, l) ? l + 1 : l;
            if (!Worse(w, i)) return;
            Swap(w, i);
            i = w;
        }
    }

    /// <summary>Entry a ranks below entry b: lower value, or equal value and higher column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Worse(int a, int b) =>
        _values[a] < _values[b] || (_values[a] == _values[b] && _columns[a] > _columns[b]);

    private void Swap(int a, int b)
    {
        (_values[a], _values[b]) = (_values[b], _values[a]);
        (_columns[a], _columns[b]) = (_columns[b], _columns[a]);
    }
}
