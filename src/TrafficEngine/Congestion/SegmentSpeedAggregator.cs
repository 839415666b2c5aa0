using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TrafficEngine.Congestion;

/// <summary>
/// Aggregates traversals to segment x time bin: distance, time, traversals and exact distinct vehicles per cell.
/// Dense-id kernel: edges and vehicles arrive as dense integers, bins are computed arithmetically, and a cell's slot is
/// found in a flat table: one window of edge-count entries per open bin (two consecutive local days can be open at
/// once); accumulators are 64-byte cells laid out per bin in the order cells first appear. Distinct vehicles: the last vehicle
/// and eight more are kept inline per cell (one SIMD compare); busier cells move them to a small table of their own
/// (<see cref="VehicleTables"/>). A traversal belongs to the bin holding its midpoint.
/// Time-ordered input streams through in one pass and closes bins as it goes: once the latest enter time is a bin
/// past a bin's end, no later row can fall in it (a midpoint never precedes its enter time), so its cells are emitted
/// and their memory reused, and the live cells stay a few bins' worth, in cache. A row that falls in a closed bin
/// shows the input is not time-ordered: the rows are then grouped by day and bin with counting sorts and run again.
/// Output: cells ordered by bin; within a bin, in order of first appearance. One instance per network and bin width;
/// not thread-safe; buffers are reused across calls.
/// </summary>
public sealed partial class SegmentSpeedAggregator
{
    private const long DayMs = 86_400_000;
    private const long BeijingOffsetMs = 8 * 3_600_000;
    private const int Inline = 8;
    private const int PrefetchDistance = 4;

    private readonly int _edgeCount;
    private readonly long _binMs;
    private readonly int _binsPerDay;
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

        _slotOf = new int[2 * _binsPerDay * edgeCount];
        Array.Fill(_slotOf, -1);
        _binCells = new int[2 * _binsPerDay];
        _firstBlock = new int[2 * _binsPerDay];
        _lastBlock = new int[2 * _binsPerDay];
        _windowOf = new int[2 * _binsPerDay];
        Array.Fill(_windowOf, -1);
        _freeWindows = [.. Enumerable.Range(0, 2 * _binsPerDay).Reverse()];
        _freeWindowCount = _freeWindows.Length;
        _tables = new VehicleTables[2 * _binsPerDay];
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

        Start();
        if (Accumulate(edges, vehicles, enterMs, exitMs, metres, out long rejected, out long implausible) != Pass.Done)
        {
            Start(); // not time-ordered: run the rows again grouped by day and bin
            (rejected, implausible) = AccumulateByBin(edges, vehicles, enterMs, exitMs, metres);
        }

        FlushAll();
        return _output.ToTable(_binMs, rejected, implausible);
    }

    /// <summary>
    /// Accumulates the rows in their order, closing bins on the way. Stops early when a row falls in a closed bin or
    /// lies before both open days.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Pass Accumulate(ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres, out long rejected, out long implausible)
    {
        rejected = 0;
        implausible = 0;
        long binStart = long.MaxValue, binEnd = long.MinValue, latestEnter = long.MinValue;
        int binBase = 0, halfBin = 0, window = 0;
        for (int i = 0; i < edges.Length; i++)
        {
            int ahead = i + PrefetchDistance;
            if (ahead < edges.Length)
            {
                Prefetch(binBase + edges[ahead]);
            }

            long enter = enterMs[i], exit = exitMs[i];
            double m = metres[i];
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

            latestEnter = Math.Max(latestEnter, enter);
            long mid = enter + ((exit - enter) / 2);
            if (mid < binStart || mid >= binEnd)
            {
                // Every later row of time-ordered input has its midpoint after the latest enter time; a bin of
                // tolerance lets rows be slightly out of order.
                long line = (FloorDiv(latestEnter, _binMs) - 1) * _binMs;
                if (line > _closedBefore)
                {
                    CloseBefore(line);
                }

                if (mid < _closedBefore)
                {
                    return Pass.Disordered;
                }

                binStart = FloorDiv(mid, _binMs) * _binMs;
                binEnd = binStart + _binMs;
                long localDay = FloorDiv(binStart + BeijingOffsetMs, DayMs);
                int half = OpenDay(localDay);
                if (half < 0)
                {
                    return Pass.TooFarBack;
                }

                int binOfDay = (int)((binStart + BeijingOffsetMs - (localDay * DayMs)) / _binMs);
                halfBin = (half * _binsPerDay) + binOfDay;
                window = WindowOf(halfBin);
                binBase = window * _edgeCount;
            }

            int key = binBase + edges[i];
            ref int slotRef = ref _slotOf[key];
            int slot = slotRef;
            if (slot < 0)
            {
                slot = slotRef = NewCell(key, halfBin);
            }

            ref Cell cell = ref _cellData[slot];
            cell.Metres += m;
            cell.Seconds += seconds;
            cell.Count++;
            int vehicle = vehicles[i];
            if (cell.Last != vehicle)
            {
                cell.Last = vehicle;
                CountVehicle(ref cell, window, vehicle);
            }
        }

        return Pass.Done;
    }

    /// <summary>Asks for the cache line of the cell at table entry <paramref name="key"/>, if it has one, a few rows ahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Prefetch(int key)
    {
        int slot = _slotOf[key];
        if (Sse.IsSupported && slot >= 0)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _cellData[slot])); // a hint only: nothing is read through the pointer
        }
    }

    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>How a pass over the rows ended.</summary>
    private enum Pass
    {
        Done,

        /// <summary>A row fell in a bin already closed.</summary>
        Disordered,

        /// <summary>A row lay before both open days.</summary>
        TooFarBack,
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
