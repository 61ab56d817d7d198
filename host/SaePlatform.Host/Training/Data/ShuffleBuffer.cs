using SaePlatform.Contracts.Data;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// The streaming reader: each epoch visits the training blocks in a seeded order, loads consecutive blocks into a
/// buffer of at most <see cref="BufferRows"/> rows (a "window", read block by block, sequentially within a block)
/// and hands out the window's rows in a seeded random order. Memory is the buffer, whatever the data size.
/// </summary>
/// <remarks>
/// The order of epoch e depends only on (seed, e), and the row at any position can be located without reading
/// data, so resuming after k batches skips whole windows unread (<see cref="Seek"/>). Each epoch yields
/// floor(train rows / batch) batches, like the indexed reader.
/// </remarks>
internal sealed class ShuffleBuffer
{
    private readonly IDataSource _source;
    private readonly long[] _blockStart;
    private readonly int[] _blockLength;
    private readonly int _width;
    private readonly bool _shuffle;
    private readonly long _epochRows;
    private readonly SaeRandom _blockOrders, _windowOrders;
    private readonly float[] _data;
    private readonly int[] _order;

    private int[] _blocks = [];
    private int _epoch = -1, _window, _windowFirstBlock, _windowEndBlock, _windowRows, _position;
    private long _epochPosition;

    /// <param name="train">Training rows as ranges whose starts are multiples of <paramref name="blockRows"/>.</param>
    /// <param name="epochRows">Rows handed out per epoch (batches per epoch x batch size).</param>
    public ShuffleBuffer(IDataSource source, RowRanges train, int blockRows, int bufferRows, int width, int seed, bool shuffle, long epochRows)
    {
        if (bufferRows < blockRows) throw new ArgumentException($"the shuffle buffer ({bufferRows} rows) is smaller than one block ({blockRows} rows).");
        _source = source;
        _width = width;
        _shuffle = shuffle;
        _epochRows = epochRows;
        var starts = new List<long>();
        var lengths = new List<int>();
        for (int i = 0; i < train.Count; i++)
        {
            var (start, end) = train[i];
            for (long s = start; s < end; s += blockRows)
            {
                starts.Add(s);
                lengths.Add((int)Math.Min(blockRows, end - s));
            }
        }
        _blockStart = [.. starts];
        _blockLength = [.. lengths];
        BufferRows = (int)Math.Min(bufferRows, train.RowCount);
        _data = new float[(long)BufferRows * width];
        _order = new int[BufferRows];
        var root = new SaeRandom((ulong)seed);
        _blockOrders = root.Derive("stream-block-order");
        _windowOrders = root.Derive("stream-window-order");
    }

    /// <summary>Capacity of the buffer in rows.</summary>
    public int BufferRows { get; }

    /// <summary>Bytes held by the buffer and its order (the streaming reader's memory apart from batches).</summary>
    public long BufferBytes => _data.LongLength * sizeof(float) + _order.LongLength * sizeof(int);

    /// <summary>Epoch of the rows handed out last.</summary>
    public int Epoch => _epoch;

    /// <summary>Positions the reader after <paramref name="rowsConsumed"/> rows (resume); whole windows before it are not read.</summary>
    public void Seek(long rowsConsumed)
    {
        StartEpoch((int)(rowsConsumed / _epochRows));
        long skip = rowsConsumed % _epochRows;
        _epochPosition = skip;
        while (true)
        {
            PlanWindow();
            if (skip < _windowRows) break;
            skip -= _windowRows;
            _windowFirstBlock = _windowEndBlock;
            _window++;
        }
        LoadWindow();
        _position = (int)skip;
    }

    /// <summary>Copies the next <paramref name="rows"/> rows into <paramref name="destination"/>; returns their epoch.</summary>
    /// <exception cref="InvalidDataException">A loaded row is NaN or infinite (names the source row).</exception>
    public int Fill(Span<float> destination, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            if (_epochPosition == _epochRows) { StartEpoch(_epoch + 1); PlanWindow(); LoadWindow(); }
            else if (_position == _windowRows) { _windowFirstBlock = _windowEndBlock; _window++; PlanWindow(); LoadWindow(); }
            _data.AsSpan(_order[_position] * _width, _width).CopyTo(destination.Slice(r * _width, _width));
            _position++;
            _epochPosition++;
        }
        return _epoch;
    }

    private void StartEpoch(int epoch)
    {
        _epoch = epoch;
        _blocks = new int[_blockStart.Length];
        for (int i = 0; i < _blocks.Length; i++) _blocks[i] = i;
        if (_shuffle) _blockOrders.Fork((ulong)epoch).Shuffle<int>(_blocks);
        _window = 0;
        _windowFirstBlock = 0;
        _epochPosition = 0;
    }

    // The window is as many consecutive blocks (in epoch order) as fit in the buffer.
    private void PlanWindow()
    {
        int rows = 0, end = _windowFirstBlock;
        while (end < _blocks.Length && rows + _blockLength[_blocks[end]] <= BufferRows) rows += _blockLength[_blocks[end++]];
        _windowEndBlock = end;
        _windowRows = rows;
    }

    private void LoadWindow()
    {
        int offset = 0;
        for (int b = _windowFirstBlock; b < _windowEndBlock; b++)
        {
            int block = _blocks[b], length = _blockLength[block];
            var span = _data.AsSpan(offset * _width, length * _width);
            _source.ReadRows(_blockStart[block], span);
            RowValidation.EnsureFinite(_source, span, _width, _blockStart[block]);
            offset += length;
        }
        for (int i = 0; i < _windowRows; i++) _order[i] = i;
        if (_shuffle) _windowOrders.Fork((ulong)_epoch).Fork((ulong)_window).Shuffle<int>(_order.AsSpan(0, _windowRows));
        _position = 0;
    }
}
