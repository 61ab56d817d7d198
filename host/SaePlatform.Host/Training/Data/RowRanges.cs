namespace SaePlatform.Host.Training.Data;

/// <summary>
/// A set of source rows kept as sorted, disjoint [start, end) ranges instead of one index per row, so a split of
/// billions of rows costs memory per range. Adjacent ranges are merged.
/// </summary>
internal sealed class RowRanges
{
    private readonly long[] _starts, _ends, _before; // _before[i] = rows in ranges 0..i-1

    /// <param name="ranges">Disjoint ranges in increasing order.</param>
    public RowRanges(IEnumerable<(long Start, long End)> ranges)
    {
        var starts = new List<long>();
        var ends = new List<long>();
        foreach (var (start, end) in ranges)
        {
            if (end <= start) continue;
            if (ends.Count > 0 && start < ends[^1]) throw new ArgumentException("row ranges must be sorted and disjoint.");
            if (ends.Count > 0 && start == ends[^1]) ends[^1] = end;
            else { starts.Add(start); ends.Add(end); }
        }
        _starts = [.. starts];
        _ends = [.. ends];
        _before = new long[_starts.Length + 1];
        for (int i = 0; i < _starts.Length; i++) _before[i + 1] = _before[i] + _ends[i] - _starts[i];
    }

    /// <summary>Number of ranges.</summary>
    public int Count => _starts.Length;

    /// <summary>Number of rows in all ranges.</summary>
    public long RowCount => _before[^1];

    /// <summary>Range <paramref name="i"/>.</summary>
    public (long Start, long End) this[int i] => (_starts[i], _ends[i]);

    /// <summary>The <paramref name="index"/>-th row of the set in increasing order.</summary>
    public long RowAt(long index)
    {
        if (index < 0 || index >= RowCount) throw new ArgumentOutOfRangeException(nameof(index));
        int i = Array.BinarySearch(_before, index);
        i = i >= 0 ? i : ~i - 1;
        while (i < _starts.Length - 1 && _before[i + 1] <= index) i++;
        return _starts[i] + (index - _before[i]);
    }

    /// <summary>Whether <paramref name="row"/> is in the set.</summary>
    public bool Contains(long row)
    {
        int i = Array.BinarySearch(_starts, row);
        if (i >= 0) return true;
        i = ~i - 1;
        return i >= 0 && row < _ends[i];
    }
}
