using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Congestion;

/// <summary>
/// Aggregates traversals to segment x time bin: distance, time, traversals and exact distinct vehicles per cell.
/// Dense-id kernel: edges and vehicles arrive as dense integers, bins are computed arithmetically, and a cell's slot is
/// found in a flat table indexed by (local day parity, bin of the day, edge), so two consecutive local days are open at
/// once; accumulators are 64-byte cells laid out in the order cells first appear. Distinct vehicles: the last vehicle
/// and eight more are kept inline per cell (one SIMD compare); busier cells spill to an open-addressing set. A
/// traversal belongs to the bin holding its midpoint. Time-ordered input streams through in one pass (stragglers from
/// the day before are fine); input that goes back further is grouped by day with a counting sort and run again.
/// Output: cells ordered by bin; within a bin, in order of first appearance. One instance per network and bin width;
/// not thread-safe; buffers are reused across calls.
/// </summary>
public sealed partial class SegmentSpeedAggregator
{
    private const long DayMs = 86_400_000;
    private const long BeijingOffsetMs = 8 * 3_600_000;
    private const int Inline = 8;

    private readonly int _edgeCount;
    private readonly long _binMs;
    private readonly int _binsPerDay;
    private readonly int _halfSize;
    private readonly int[] _slotOf;
    private readonly double _minKmh;
    private readonly double _maxKmh;

    /// <summary>
    /// An aggregator for a network of <paramref name="edgeCount"/> edges. Traversals slower than
    /// <paramref name="minSpeedKmh"/> (a parked or waiting vehicle, not traffic) or faster than
    /// <paramref name="maxSpeedKmh"/> are counted and left out.
    /// </summary>
    public SegmentSpeedAggregator(int edgeCount, int binMinutes, double minSpeedKmh = 0, double maxSpeedKmh = double.PositiveInfinity)
    {
        if (!(minSpeedKmh >= 0 && maxSpeedKmh > minSpeedKmh))
        {
            throw new ArgumentOutOfRangeException(nameof(maxSpeedKmh), maxSpeedKmh, "Needs 0 <= minSpeedKmh < maxSpeedKmh.");
        }

        _minKmh = minSpeedKmh;
        _maxKmh = maxSpeedKmh;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(edgeCount);
        if (binMinutes <= 0 || 1440 % binMinutes != 0 || 480 % binMinutes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(binMinutes), binMinutes, "A bin must divide both the day and the 8-hour Beijing offset (5, 15, 60 minutes, ...).");
        }

        _edgeCount = edgeCount;
        _binMs = binMinutes * 60_000L;
        _binsPerDay = 1440 / binMinutes;
        if (2L * _binsPerDay * edgeCount > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(edgeCount), edgeCount, "Too many edges for a two-day table at this bin width.");
        }

        _halfSize = _binsPerDay * edgeCount;
        _slotOf = new int[2 * _halfSize];
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

        StartRun(n);
        if (!Accumulate(null, edges, vehicles, enterMs, exitMs, metres, out long rejected, out long implausible))
        {
            DiscardAll(); // a row lay two or more days back: group the rows by day and start again
            StartRun(n);
            Accumulate(OrderByDay(enterMs, exitMs), edges, vehicles, enterMs, exitMs, metres, out rejected, out implausible);
        }

        FlushAll();
        return _output.ToTable(_binMs, rejected, implausible);
    }

    /// <summary>
    /// Accumulates the rows in the given order (all rows when null). Returns false, stopping early, when a row lies
    /// before both open days and no order was given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Accumulate(int[]? order, ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres, out long rejected, out long implausible)
    {
        rejected = 0;
        implausible = 0;
        long binStart = long.MaxValue, binEnd = long.MinValue;
        int binBase = 0;
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

            double seconds = (exit - enter) / 1000.0;
            double metresPerHourTimes = m * 3.6; // km/h x seconds
            if (metresPerHourTimes < _minKmh * seconds || metresPerHourTimes > _maxKmh * seconds)
            {
                implausible++;
                continue;
            }

            long mid = enter + ((exit - enter) / 2);
            if (mid < binStart || mid >= binEnd)
            {
                binStart = FloorDiv(mid, _binMs) * _binMs;
                binEnd = binStart + _binMs;
                long localDay = FloorDiv(binStart + BeijingOffsetMs, DayMs);
                int half = OpenDay(localDay);
                if (half < 0)
                {
                    return false;
                }

                int binOfDay = (int)((binStart + BeijingOffsetMs - (localDay * DayMs)) / _binMs);
                binBase = (half * _halfSize) + (binOfDay * _edgeCount);
            }

            int key = binBase + edges[r];
            ref int slotRef = ref _slotOf[key];
            int slot = slotRef;
            if (slot < 0)
            {
                slot = slotRef = NewCell(key);
            }

            ref Cell cell = ref _cellData[slot];
            cell.Metres += m;
            cell.Seconds += seconds;
            cell.Count++;
            int vehicle = vehicles[r];
            if (cell.Last != vehicle)
            {
                cell.Last = vehicle;
                CountVehicle(ref cell, key, vehicle);
            }
        }

        return true;
    }

    private void CountVehicle(ref Cell cell, int key, int vehicle)
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
        else if (_overflow[key < _halfSize ? 0 : 1].Add(key, vehicle))
        {
            cell.Distinct++;
        }
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

    /// <summary>One cell's accumulators and its inline distinct-vehicle slots: 64 bytes, one cache line.</summary>
    private struct Cell
    {
        public double Metres;
        public double Seconds;
        public int Count;
        public int Distinct;
        public int Last;
        public int Key;
        public SeenVehicles Seen;
    }

    [InlineArray(Inline)]
    private struct SeenVehicles
    {
        private int _first;
    }
}
