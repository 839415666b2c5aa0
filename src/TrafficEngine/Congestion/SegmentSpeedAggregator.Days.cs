namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    private const long NoDay = long.MinValue;
    private const int BlockCells = 256;

    private readonly long[] _day = [NoDay, NoDay];
    private readonly Output _output = new();

    // Per (day half, bin of day): its window of the slot table, and its cells, in blocks of BlockCells chained in order
    // of first appearance, and the arena position its next new cell takes. Per window: the log of its bin's rows,
    // (arena position << 32) | vehicle. Per arena position: the cell (sums, count, edge) and scratch for the close.
    private readonly int[] _windowOf;
    private readonly int[] _freeWindows;
    private readonly int[] _binCells;
    private readonly int[] _firstBlock;
    private readonly int[] _lastBlock;
    private readonly int[] _binNext;
    private readonly long[][] _logs;
    private readonly int[] _logLength;
    private int[] _nextBlock = new int[16];
    private Hot[] _hot = new Hot[16 * BlockCells];
    private int[] _offset = new int[16 * BlockCells];
    private int _blocks;
    private int _freeBlock = -1;
    private int _freeWindowCount;
    private long _newestDay = NoDay;
    private long _closedBefore = long.MinValue;

    /// <summary>Starts a pass: forgets every live cell (of a pass that has to start again), every open day and the output.</summary>
    private void Start()
    {
        for (int halfBin = 0; halfBin < _binCells.Length; halfBin++)
        {
            if (_windowOf[halfBin] >= 0)
            {
                EmitBin(halfBin, 0, -1);
            }
        }

        _day[0] = _day[1] = NoDay;
        _newestDay = NoDay;
        _closedBefore = long.MinValue;
        _output.Clear();
    }

    /// <summary>
    /// The table half holding <paramref name="localDay"/>, opening it (and flushing the day it held) when needed;
    /// -1 when the day lies before both open days. Days are flushed oldest first, so the output stays in day order.
    /// </summary>
    private int OpenDay(long localDay)
    {
        int half = (int)(localDay & 1);
        if (_day[half] == localDay)
        {
            return half;
        }

        if (_newestDay != NoDay && localDay < _newestDay - 1)
        {
            return -1;
        }

        if (_day[half] != NoDay)
        {
            int other = 1 - half;
            if (_day[other] != NoDay && _day[other] < _day[half])
            {
                FlushHalf(other);
            }

            FlushHalf(half);
        }

        _day[half] = localDay;
        _newestDay = _newestDay == NoDay ? localDay : Math.Max(_newestDay, localDay);
        return half;
    }

    /// <summary>
    /// Opens a (day half, bin of day): takes a slot-table window and a first block of cells; returns the window.
    /// Windows go back on a stack as their bins are emitted and the last one freed is taken first, so when bins close
    /// as the input passes them only a few windows are ever used and they stay in cache (a bin's own fixed window would
    /// be cold memory each time); the window's log array is reused with it.
    /// </summary>
    private int OpenBin(int halfBin)
    {
        int window = _windowOf[halfBin] = _freeWindows[--_freeWindowCount];
        int block = TakeBlock();
        _firstBlock[halfBin] = _lastBlock[halfBin] = block;
        _binNext[halfBin] = block * BlockCells;
        _binCells[halfBin] = 0;
        _logLength[window] = 0;
        return window;
    }

    /// <summary>Chains a new block to a bin's cells; returns its first arena position.</summary>
    private int ChainBlock(int halfBin)
    {
        int block = TakeBlock();
        _nextBlock[_lastBlock[halfBin]] = block;
        _lastBlock[halfBin] = block;
        return _binNext[halfBin] = block * BlockCells;
    }

    /// <summary>A free block with its cells cleared.</summary>
    private int TakeBlock()
    {
        int block = _freeBlock;
        if (block >= 0)
        {
            _freeBlock = _nextBlock[block];
        }
        else
        {
            if (_blocks == _nextBlock.Length)
            {
                int size = _blocks * 2;
                Array.Resize(ref _nextBlock, size);
                Array.Resize(ref _hot, size * BlockCells);
                Array.Resize(ref _offset, size * BlockCells);
            }

            block = _blocks++;
        }

        _nextBlock[block] = -1;
        _hot.AsSpan(block * BlockCells, BlockCells).Clear();
        return block;
    }

    private void FlushAll()
    {
        int older = OlderHalf();
        if (_day[older] != NoDay)
        {
            FlushHalf(older);
        }

        if (_day[1 - older] != NoDay)
        {
            FlushHalf(1 - older);
        }
    }

    /// <summary>Emits every cell of one open day and closes the day.</summary>
    private void FlushHalf(int half)
    {
        EmitBins(half, long.MaxValue);
        _day[half] = NoDay;
    }

    /// <summary>Emits every cell of the bins that start before <paramref name="line"/>, older day first.</summary>
    private void CloseBefore(long line)
    {
        int older = OlderHalf();
        if (_day[older] != NoDay)
        {
            EmitBins(older, line);
        }

        if (_day[1 - older] != NoDay)
        {
            EmitBins(1 - older, line);
        }

        _closedBefore = line;
    }

    private int OlderHalf() => _day[0] != NoDay && (_day[1] == NoDay || _day[0] < _day[1]) ? 0 : 1;

    /// <summary>Emits, bin by bin, the cells of one open day's bins that start before <paramref name="line"/>.</summary>
    private void EmitBins(int half, long line)
    {
        long midnight = (_day[half] * DayMs) - BeijingOffsetMs;
        for (int b = 0; b < _binsPerDay && midnight + (b * _binMs) < line; b++)
        {
            int halfBin = (half * _binsPerDay) + b;
            if (_windowOf[halfBin] >= 0)
            {
                EmitBin(halfBin, midnight + (b * _binMs), _output.Reserve(_binCells[halfBin]));
            }
        }
    }

    /// <summary>
    /// Writes one bin's cells to the output from position <paramref name="at"/> in order of first appearance (or
    /// nowhere when <paramref name="at"/> is negative), clears their table entries, and frees their blocks, log and
    /// window. Traversals and distinct vehicles come from the bin's log: a counting sort by cell puts each cell's
    /// vehicles together, and a sweep counts the distinct ones.
    /// </summary>
    private void EmitBin(int halfBin, long binStart, int at)
    {
        int count = _binCells[halfBin];
        int window = _windowOf[halfBin];
        int edgeBase = window * _edgeCount;
        if (at >= 0)
        {
            CountCells(halfBin, _logs[window].AsSpan(0, _logLength[window]));
        }

        int block = _firstBlock[halfBin];
        for (int i = 0; i < count; i += BlockCells)
        {
            int n = Math.Min(BlockCells, count - i);
            int first = block * BlockCells;
            ReadOnlySpan<Hot> cells = _hot.AsSpan(first, n);
            if (at >= 0)
            {
                _output.Write(at + i, binStart, cells, _offset.AsSpan(first, n));
            }

            foreach (ref readonly Hot cell in cells)
            {
                _slotOf[edgeBase + cell.Edge] = -1;
            }

            if (i + BlockCells < count)
            {
                block = _nextBlock[block];
            }
        }

        _nextBlock[_lastBlock[halfBin]] = _freeBlock;
        _freeBlock = _firstBlock[halfBin];
        _binCells[halfBin] = 0;
        _logLength[window] = 0;
        _freeWindows[_freeWindowCount++] = window;
        _windowOf[halfBin] = -1;
    }
}
