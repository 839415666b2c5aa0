namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    private const long NoDay = long.MinValue;
    private const int BlockCells = 256;

    private readonly long[] _day = [NoDay, NoDay];
    private readonly Output _output = new();

    // Per (day half, bin of day): its window of the slot table, and its cells, in blocks of BlockCells chained in order
    // of first appearance. Per window: the distinct-vehicle tables of its bin's busy cells.
    private readonly int[] _windowOf;
    private readonly int[] _freeWindows;
    private readonly VehicleTables?[] _tables;
    private readonly int[] _binCells;
    private readonly int[] _firstBlock;
    private readonly int[] _lastBlock;
    private int[] _nextBlock = new int[16];
    private Cell[] _cellData = new Cell[16 * BlockCells];
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
            if (_binCells[halfBin] > 0)
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
    /// The slot-table window of a (day half, bin of day), taking one when the bin opens. Windows go back on a stack as
    /// their bins are emitted and the last one freed is taken first, so when bins close as the input passes them only a
    /// few windows are ever used and they stay in cache (a bin's own fixed window would be cold memory each time).
    /// </summary>
    private int WindowOf(int halfBin)
    {
        int window = _windowOf[halfBin];
        return window >= 0 ? window : _windowOf[halfBin] = _freeWindows[--_freeWindowCount];
    }

    /// <summary>A new cell for table entry <paramref name="key"/>, appended to the cells of its (day half, bin of day).</summary>
    private int NewCell(int key, int halfBin)
    {
        int n = _binCells[halfBin]++;
        int offset = n & (BlockCells - 1);
        int block;
        if (offset == 0)
        {
            block = TakeBlock();
            if (n == 0)
            {
                _firstBlock[halfBin] = block;
            }
            else
            {
                _nextBlock[_lastBlock[halfBin]] = block;
            }

            _lastBlock[halfBin] = block;
        }
        else
        {
            block = _lastBlock[halfBin];
        }

        int slot = (block * BlockCells) + offset;
        _cellData[slot] = new Cell { Last = -1, Key = key };
        return slot;
    }

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
                Array.Resize(ref _nextBlock, _blocks * 2);
                Array.Resize(ref _cellData, _blocks * 2 * BlockCells);
            }

            block = _blocks++;
        }

        _nextBlock[block] = -1;
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
            if (_binCells[halfBin] > 0)
            {
                EmitBin(halfBin, midnight + (b * _binMs), _output.Reserve(_binCells[halfBin]));
            }
        }
    }

    /// <summary>
    /// Writes one bin's cells to the output from position <paramref name="at"/> in order of first appearance (or
    /// nowhere when <paramref name="at"/> is negative), clears their table entries, and frees their blocks, vehicle
    /// tables and window.
    /// </summary>
    private void EmitBin(int halfBin, long binStart, int at)
    {
        int count = _binCells[halfBin];
        int window = _windowOf[halfBin];
        int edgeBase = window * _edgeCount;
        int block = _firstBlock[halfBin];
        for (int i = 0; i < count; i += BlockCells)
        {
            int n = Math.Min(BlockCells, count - i);
            Span<Cell> cells = _cellData.AsSpan(block * BlockCells, n);
            if (at >= 0)
            {
                _output.Write(at + i, binStart, edgeBase, cells);
            }

            foreach (ref readonly Cell cell in cells)
            {
                _slotOf[cell.Key] = -1;
            }

            if (i + BlockCells < count)
            {
                block = _nextBlock[block];
            }
        }

        _nextBlock[_lastBlock[halfBin]] = _freeBlock;
        _freeBlock = _firstBlock[halfBin];
        _binCells[halfBin] = 0;
        _tables[window]?.Clear();
        _freeWindows[_freeWindowCount++] = window;
        _windowOf[halfBin] = -1;
    }
}
