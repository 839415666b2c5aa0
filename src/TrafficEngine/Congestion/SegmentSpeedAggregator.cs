using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

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
public sealed partial class SegmentSpeedAggregator
{
    private const long DayMs = 86_400_000;
    private const long BeijingOffsetMs = 8 * 3_600_000;
    private const int Inline = 8;

    private readonly int _edgeCount;
    private readonly long _binMs;
    private readonly int _binsPerDay;
    private readonly int[] _slotOf;
    private readonly VehicleSet _overflow = new();

    private Cell[] _cellData = new Cell[1024];
    private int _cells;
    private long _dayMidnightUtc;
    private int _dayFirstBin = int.MaxValue;
    private int _dayLastBin = -1;
    private Output _output = new(16);

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

        if (n > 0 && (TensorPrimitives.Min(edges) < 0 || TensorPrimitives.Max(edges) >= _edgeCount))
        {
            throw new ArgumentOutOfRangeException(nameof(edges), $"Edge indexes must lie in 0..{_edgeCount - 1}.");
        }

        if (n > 0 && TensorPrimitives.Min(vehicles) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(vehicles), "Vehicle numbers must not be negative.");
        }

        _output = new Output(Math.Max(16, n / 4));
        if (!Accumulate(null, edges, vehicles, enterMs, exitMs, metres, out long rejected))
        {
            // A day went backwards: group the rows by day and start again.
            DiscardDay();
            _output = new Output(Math.Max(16, n / 4));
            Accumulate(OrderByDay(enterMs, exitMs), edges, vehicles, enterMs, exitMs, metres, out rejected);
        }

        FlushDay();
        return _output.ToTable(_binMs, rejected);
    }

    /// <summary>
    /// Accumulates the rows in the given order (all rows when null). Returns false, stopping early, when a row belongs
    /// to an earlier day than the one before it and no order was given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Accumulate(int[]? order, ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres, out long rejected)
    {
        rejected = 0;
        long binStart = long.MaxValue, binEnd = long.MinValue, day = long.MinValue;
        int binBase = 0;
        _dayFirstBin = int.MaxValue;
        _dayLastBin = -1;
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
                binStart = FloorDiv(mid, _binMs) * _binMs;
                binEnd = binStart + _binMs;
                long localDay = FloorDiv(binStart + BeijingOffsetMs, DayMs);
                if (localDay != day)
                {
                    if (localDay < day && order is null)
                    {
                        return false;
                    }

                    FlushDay();
                    day = localDay;
                    _dayMidnightUtc = (localDay * DayMs) - BeijingOffsetMs;
                }

                int binOfDay = (int)((binStart - _dayMidnightUtc) / _binMs);
                _dayFirstBin = Math.Min(_dayFirstBin, binOfDay);
                _dayLastBin = Math.Max(_dayLastBin, binOfDay);
                binBase = binOfDay * _edgeCount;
            }

            int edge = edges[r];
            ref int slotRef = ref _slotOf[binBase + edge];
            int slot = slotRef;
            if (slot < 0)
            {
                slot = slotRef = NewCell();
            }

            ref Cell cell = ref _cellData[slot];
            cell.Metres += m;
            cell.Seconds += (exit - enter) / 1000.0;
            cell.Count++;
            int vehicle = vehicles[r];
            if (cell.Last != vehicle)
            {
                cell.Last = vehicle;
                CountVehicle(ref cell, slot, vehicle);
            }
        }

        return true;
    }

    private void CountVehicle(ref Cell cell, int slot, int vehicle)
    {
        ref int seen = ref cell.Seen[0];
        int held = Math.Min(cell.Distinct, Inline);
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
            cell.Distinct++;
        }
        else if (_overflow.Add(slot, vehicle))
        {
            cell.Distinct++;
        }
    }

    private int NewCell()
    {
        if (_cells == _cellData.Length)
        {
            Array.Resize(ref _cellData, _cells * 2);
        }

        int slot = _cells++;
        _cellData[slot] = new Cell { Last = -1 };
        return slot;
    }

    /// <summary>
    /// Emits the current day's cells in (bin, edge) order by walking the touched part of the day table, clearing it,
    /// and frees the accumulators for the next day.
    /// </summary>
    private void FlushDay()
    {
        for (int bin = _dayFirstBin; bin <= _dayLastBin; bin++)
        {
            long binStart = _dayMidnightUtc + (bin * _binMs);
            Span<int> row = _slotOf.AsSpan(bin * _edgeCount, _edgeCount);
            for (int edge = 0; edge < row.Length; edge++)
            {
                int slot = row[edge];
                if (slot >= 0)
                {
                    ref Cell cell = ref _cellData[slot];
                    _output.Add(binStart, edge, cell.Metres, cell.Seconds, cell.Count, cell.Distinct);
                    row[edge] = -1;
                }
            }
        }

        _cells = 0;
        _overflow.Clear();
        _dayFirstBin = int.MaxValue;
        _dayLastBin = -1;
    }

    /// <summary>Clears the day table without emitting anything (an ordered pass that has to start again).</summary>
    private void DiscardDay()
    {
        if (_dayLastBin >= 0)
        {
            _slotOf.AsSpan(_dayFirstBin * _edgeCount, (_dayLastBin - _dayFirstBin + 1) * _edgeCount).Fill(-1);
        }

        _cells = 0;
        _overflow.Clear();
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

    /// <summary>One cell's accumulators and its inline distinct-vehicle slots: 64 bytes, one cache line.</summary>
    private struct Cell
    {
        public double Metres;
        public double Seconds;
        public int Count;
        public int Distinct;
        public int Last;
        public int Padding;
        public SeenVehicles Seen;
    }

    [InlineArray(Inline)]
    private struct SeenVehicles
    {
        private int _first;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }
}
