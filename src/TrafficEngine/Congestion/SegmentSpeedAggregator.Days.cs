namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    private const long NoDay = long.MinValue;

    private readonly long[] _day = [NoDay, NoDay];
    private readonly VehicleSet[] _overflow = [new(), new()];
    private Cell[] _cellData = new Cell[1024];
    private int _cells;
    private long _newestDay = NoDay;
    private Output _output = new(16);
    private int[] _binCounts = [];

    private void StartRun(int rows)
    {
        _output = new Output(Math.Max(16, rows / 4));
        _newestDay = NoDay;
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

    private int NewCell(int key)
    {
        if (_cells == _cellData.Length)
        {
            Array.Resize(ref _cellData, _cells * 2);
        }

        int slot = _cells++;
        _cellData[slot] = new Cell { Last = -1, Key = key };
        return slot;
    }

    private void FlushAll()
    {
        int older = _day[0] != NoDay && (_day[1] == NoDay || _day[0] < _day[1]) ? 0 : 1;
        if (_day[older] != NoDay)
        {
            FlushHalf(older);
        }

        if (_day[1 - older] != NoDay)
        {
            FlushHalf(1 - older);
        }
    }

    /// <summary>
    /// Emits the cells of one open day ordered by bin (a counting sort; first appearance within a bin), clears their
    /// table entries, and moves the other day's cells to the front.
    /// </summary>
    private void FlushHalf(int half)
    {
        int low = half * _halfSize, high = low + _halfSize;
        if (_binCounts.Length != _binsPerDay + 1)
        {
            _binCounts = new int[_binsPerDay + 1];
        }

        Array.Clear(_binCounts);
        for (int c = 0; c < _cells; c++)
        {
            int key = _cellData[c].Key;
            if (key >= low && key < high)
            {
                _binCounts[((key - low) / _edgeCount) + 1]++;
            }
        }

        for (int b = 0; b < _binsPerDay; b++)
        {
            _binCounts[b + 1] += _binCounts[b];
        }

        int flushed = _binCounts[_binsPerDay];
        int[] order = new int[flushed];
        int[] next = _binCounts[.._binsPerDay];
        int kept = 0;
        for (int c = 0; c < _cells; c++)
        {
            int key = _cellData[c].Key;
            if (key >= low && key < high)
            {
                order[next[(key - low) / _edgeCount]++] = c;
            }
        }

        long midnight = (_day[half] * DayMs) - BeijingOffsetMs;
        foreach (int c in order)
        {
            ref Cell cell = ref _cellData[c];
            int local = cell.Key - low;
            _output.Add(midnight + (local / _edgeCount * _binMs), local % _edgeCount, cell.Metres, cell.Seconds, cell.Count, cell.Distinct);
            _slotOf[cell.Key] = -1;
        }

        for (int c = 0; c < _cells; c++)
        {
            int key = _cellData[c].Key;
            if (key < low || key >= high)
            {
                if (kept != c)
                {
                    _cellData[kept] = _cellData[c];
                    _slotOf[key] = kept;
                }

                kept++;
            }
        }

        _cells = kept;
        _overflow[half].Clear();
        _day[half] = NoDay;
    }

    /// <summary>Forgets everything accumulated so far (a pass that has to start again in day order).</summary>
    private void DiscardAll()
    {
        for (int c = 0; c < _cells; c++)
        {
            _slotOf[_cellData[c].Key] = -1;
        }

        _cells = 0;
        _overflow[0].Clear();
        _overflow[1].Clear();
        _day[0] = _day[1] = NoDay;
    }
}
