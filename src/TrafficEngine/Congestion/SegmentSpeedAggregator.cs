using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Congestion;

/// <summary>
/// Aggregates traversals to segment x time bin: distance, time, traversals and exact distinct vehicles per cell.
/// Dense-id kernel: edges and vehicles arrive as dense integers, bins are computed arithmetically, and a cell's slot is
/// found in a flat table indexed by (bin within the local day) x edge, one day at a time; accumulators are flat arrays
/// laid out in the order cells first appear. Distinct vehicles: the last vehicle and eight more are kept inline per
/// cell (one SIMD compare); busier cells spill to an open-addressing set. A traversal belongs to the bin holding its
/// midpoint. Time-ordered input (by day) streams through; other orders are first grouped by day with a counting sort.
/// One instance per network and bin width; not thread-safe; buffers are reused across calls.
/// </summary>
public sealed class SegmentSpeedAggregator
{
    private const long DayMs = 86_400_000;
    private const long BeijingOffsetMs = 8 * 3_600_000;
    private const int Inline = 8;

    private readonly int _edgeCount;
    private readonly long _binMs;
    private readonly int _binsPerDay;
    private readonly int[] _slotOf;
    private readonly VehicleSet _overflow = new();

    private long[] _cellBin = new long[1024];
    private int[] _cellEdge = new int[1024];
    private double[] _metres = new double[1024];
    private double[] _seconds = new double[1024];
    private int[] _count = new int[1024];
    private int[] _distinct = new int[1024];
    private int[] _last = new int[1024];
    private int[] _seen = new int[1024 * Inline];
    private int _cells;

    public SegmentSpeedAggregator(int edgeCount, int binMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(edgeCount);
        if (binMinutes <= 0 || 1440 % binMinutes != 0 || 480 % binMinutes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(binMinutes), binMinutes, "A bin must divide both the day and the 8-hour Beijing offset (5, 15, 60 minutes, ...).");
        }

        _edgeCount = edgeCount;
        _binMs = binMinutes * 60_000L;
        _binsPerDay = 1440 / binMinutes;
        if ((long)_binsPerDay * edgeCount > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(edgeCount), edgeCount, "Too many edges for a day table at this bin width.");
        }

        _slotOf = new int[_binsPerDay * edgeCount];
        Array.Fill(_slotOf, -1);
    }

    public long BinMs => _binMs;

    /// <summary>
    /// Aggregates one set of traversals. All spans have one entry per traversal; edges are dense indexes below the
    /// edge count, vehicles dense non-negative integers.
    /// </summary>
    public SegmentSpeedTable Aggregate(ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles, ReadOnlySpan<long> enterMs,
        ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres)
    {
        int n = edges.Length;
        if (vehicles.Length != n || enterMs.Length != n || exitMs.Length != n || metres.Length != n)
        {
            throw new ArgumentException("All traversal spans must have the same length.", nameof(edges));
        }

        foreach (int e in edges)
        {
            if ((uint)e >= (uint)_edgeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), e, $"Edge index outside 0..{_edgeCount - 1}.");
            }
        }

        foreach (int v in vehicles)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(v, nameof(vehicles));
        }

        _cells = 0;
        int[]? order = DaysInOrder(enterMs, exitMs) ? null : OrderByDay(enterMs, exitMs);
        long rejected = Accumulate(order, edges, vehicles, enterMs, exitMs, metres);
        ResetDay(0);
        return Finish(rejected);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Accumulate(int[]? order, ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres)
    {
        long rejected = 0;
        long binStart = long.MaxValue, binEnd = long.MinValue, day = long.MinValue;
        int binBase = 0, dayFirstCell = 0;
        for (int i = 0; i < edges.Length; i++)
        {
            int r = order is null ? i : order[i];
            long enter = enterMs[r], exit = exitMs[r];
            double m = metres[r];
            if (exit <= enter || !(m > 0) || !double.IsFinite(m))
            {
                rejected++;
                continue;
            }

            long mid = enter + ((exit - enter) / 2);
            if (mid < binStart || mid >= binEnd)
            {
                long bin = Math.DivRem(mid, _binMs, out long rem);
                if (rem < 0)
                {
                    bin--;
                }

                binStart = bin * _binMs;
                binEnd = binStart + _binMs;
                long localDay = FloorDiv(binStart + BeijingOffsetMs, DayMs);
                if (localDay != day)
                {
                    ResetDay(dayFirstCell);
                    dayFirstCell = _cells;
                    day = localDay;
                }

                binBase = (int)((binStart + BeijingOffsetMs - (localDay * DayMs)) / _binMs) * _edgeCount;
            }

            int edge = edges[r];
            ref int slotRef = ref _slotOf[binBase + edge];
            int slot = slotRef;
            if (slot < 0)
            {
                slot = slotRef = NewCell(binStart, edge);
            }

            _metres[slot] += m;
            _seconds[slot] += (exit - enter) / 1000.0;
            _count[slot]++;
            int vehicle = vehicles[r];
            if (_last[slot] != vehicle)
            {
                _last[slot] = vehicle;
                CountVehicle(slot, vehicle);
            }
        }

        return rejected;
    }

    private void CountVehicle(int slot, int vehicle)
    {
        ref int seen = ref _seen[slot * Inline];
        int held = Math.Min(_distinct[slot], Inline);
        if (Vector256.IsHardwareAccelerated)
        {
            uint hits = Vector256.Equals(Vector256.LoadUnsafe(ref seen), Vector256.Create(vehicle)).ExtractMostSignificantBits();
            if ((hits & ((1u << held) - 1)) != 0)
            {
                return;
            }
        }
        else
        {
            for (int k = 0; k < held; k++)
            {
                if (Unsafe.Add(ref seen, k) == vehicle)
                {
                    return;
                }
            }
        }

        if (held < Inline)
        {
            Unsafe.Add(ref seen, held) = vehicle;
            _distinct[slot]++;
        }
        else if (_overflow.Add(slot, vehicle))
        {
            _distinct[slot]++;
        }
    }

    private int NewCell(long binStart, int edge)
    {
        if (_cells == _cellEdge.Length)
        {
            int size = _cells * 2;
            Array.Resize(ref _cellBin, size);
            Array.Resize(ref _cellEdge, size);
            Array.Resize(ref _metres, size);
            Array.Resize(ref _seconds, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _distinct, size);
            Array.Resize(ref _last, size);
            Array.Resize(ref _seen, size * Inline);
        }

        int slot = _cells++;
        _cellBin[slot] = binStart;
        _cellEdge[slot] = edge;
        _metres[slot] = 0;
        _seconds[slot] = 0;
        _count[slot] = 0;
        _distinct[slot] = 0;
        _last[slot] = -1;
        return slot;
    }

    /// <summary>Clears the day table entries of the cells created since <paramref name="firstCell"/>.</summary>
    private void ResetDay(int firstCell)
    {
        for (int c = firstCell; c < _cells; c++)
        {
            long local = _cellBin[c] + BeijingOffsetMs;
            int binOfDay = (int)((local - (FloorDiv(local, DayMs) * DayMs)) / _binMs);
            _slotOf[(binOfDay * _edgeCount) + _cellEdge[c]] = -1;
        }
    }

    private SegmentSpeedTable Finish(long rejected)
    {
        _overflow.Clear();
        int cells = _cells;
        var keys = new long[cells];
        var order = new int[cells];
        for (int c = 0; c < cells; c++)
        {
            keys[c] = (FloorDiv(_cellBin[c], _binMs) * _edgeCount) + _cellEdge[c];
            order[c] = c;
        }

        Array.Sort(keys, order);
        var bins = new long[cells];
        var edgesOut = new int[cells];
        var metres = new double[cells];
        var seconds = new double[cells];
        var counts = new int[cells];
        var vehicles = new int[cells];
        for (int i = 0; i < cells; i++)
        {
            int c = order[i];
            bins[i] = _cellBin[c];
            edgesOut[i] = _cellEdge[c];
            metres[i] = _metres[c];
            seconds[i] = _seconds[c];
            counts[i] = _count[c];
            vehicles[i] = _distinct[c];
        }

        return new SegmentSpeedTable(_binMs, bins, edgesOut, metres, seconds, counts, vehicles, rejected);
    }

    private static bool DaysInOrder(ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs)
    {
        long previous = long.MinValue;
        for (int i = 0; i < enterMs.Length; i++)
        {
            long day = LocalDay(enterMs[i], exitMs[i]);
            if (day < previous)
            {
                return false;
            }

            previous = day;
        }

        return true;
    }

    private static int[] OrderByDay(ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs)
    {
        long first = long.MaxValue, last = long.MinValue;
        for (int i = 0; i < enterMs.Length; i++)
        {
            long day = LocalDay(enterMs[i], exitMs[i]);
            first = Math.Min(first, day);
            last = Math.Max(last, day);
        }

        if (last - first > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(enterMs), "Traversal times span more than 100,000 days.");
        }

        var starts = new int[(int)(last - first) + 2];
        for (int i = 0; i < enterMs.Length; i++)
        {
            starts[LocalDay(enterMs[i], exitMs[i]) - first + 1]++;
        }

        for (int d = 1; d < starts.Length; d++)
        {
            starts[d] += starts[d - 1];
        }

        var order = new int[enterMs.Length];
        for (int i = 0; i < enterMs.Length; i++)
        {
            order[starts[LocalDay(enterMs[i], exitMs[i]) - first]++] = i;
        }

        return order;
    }

    /// <summary>The Beijing local day of a traversal's midpoint (rejected rows give some day; they are skipped later).</summary>
    private static long LocalDay(long enter, long exit) => FloorDiv(enter + ((exit - enter) / 2) + BeijingOffsetMs, DayMs);

    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }
}
