using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Congestion;

/// <summary>
/// Aggregates traversals to segment x time bin: distance, time, traversals and exact distinct vehicles per cell.
/// Dense-id kernel: edges and vehicles arrive as dense integers, bins are computed arithmetically, and a cell's arena
/// position is found in a flat table: one window of edge-count entries per open bin (two consecutive local days can
/// be open at once). Per row, without branching on whether the cell is new, distance, time, count and edge go to a 24-byte cell
/// (cells laid out per bin in the order they first appear) and (cell, vehicle) to the bin's log; when the bin closes,
/// a counting sort of its log by cell and a sweep give each cell's exact distinct vehicles. A traversal
/// belongs to the bin holding its midpoint.
/// Time-ordered input streams through in one pass and closes bins as it goes: once the latest enter time is a bin
/// past a bin's end, no later row can fall in it (a midpoint never precedes its enter time), so its cells are emitted
/// and their memory reused, and the live cells stay a few bins' worth, in cache. A row that falls in a closed bin
/// shows the input is not time-ordered: the rows are then grouped by day and bin with counting sorts and run again.
/// Output: cells ordered by bin; within a bin, in order of first appearance; sums added in input order. One instance
/// per network and bin width; not thread-safe; buffers are reused across calls.
/// </summary>
public sealed partial class SegmentSpeedAggregator
{
    private const long DayMs = 86_400_000;
    private const long BeijingOffsetMs = 8 * 3_600_000;

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
        if (2L * _binsPerDay * edgeCount > System.Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(edgeCount), edgeCount, "Too many edges for a two-day table at this bin width.");
        }

        _slotOf = new int[2 * _binsPerDay * edgeCount];
        System.Array.Fill(_slotOf, -1);
        _binCells = new int[2 * _binsPerDay];
        _firstBlock = new int[2 * _binsPerDay];
        _lastBlock = new int[2 * _binsPerDay];
        _windowOf = new int[2 * _binsPerDay];
        System.Array.Fill(_windowOf, -1);
        _freeWindows = [.. Enumerable.Range(0, 2 * _binsPerDay).Reverse()];
        _freeWindowCount = _freeWindows.Length;
        _binNext = new int[2 * _binsPerDay];
        _logs = new long[2 * _binsPerDay][];
        System.Array.Fill(_logs, []);
        _logLength = new int[2 * _binsPerDay];
    }

    public long BinMs => _binMs;

    /// <summary>
    /// Aggregates one set of traversals. All spans have one entry per traversal; edges are dense indexes below the
    /// edge count, vehicles dense non-negative integers (checked as the rows stream through).
    /// </summary>
    public SegmentSpeedTable Aggregate(ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles, ReadOnlySpan<long> enterMs,
        ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres)
    {
        int n = edges.Length;
        if (vehicles.Length != n || enterMs.Length != n || exitMs.Length != n || metres.Length != n)
        {
            throw new ArgumentException("All traversal spans must have the same length.", nameof(edges));
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
    /// Aggregates traversals that come in chunks, each chunk's rows sorted by bin and every chunk's bins after the
    /// previous chunk's or the same as its last (a <see cref="TraversalSpill"/>'s chunks): the same table as <see cref="Aggregate"/> on all
    /// the rows at once, holding one chunk at a time.
    /// </summary>
    internal SegmentSpeedTable AggregateChunks(IEnumerable<TraversalSpill.Rows> chunks)
    {
        Start();
        long rejected = 0, implausible = 0;
        foreach (TraversalSpill.Rows chunk in chunks)
        {
            if (Accumulate(chunk.Edges, chunk.Vehicles, chunk.EnterMs, chunk.ExitMs, chunk.Metres, out long r, out long i) != Pass.Done)
            {
                throw new InvalidOperationException("Chunks ordered by bin went back in time."); // cannot happen
            }

            rejected += r;
            implausible += i;
        }

        FlushAll();
        return _output.ToTable(_binMs, rejected, implausible);
    }

    /// <summary>
    /// Accumulates the rows in their order, closing bins on the way. Stops early when a row falls in a closed bin or
    /// lies before both open days. Per row, without a branch on whether its cell is new: the slot-table entry (-1 for
    /// a new cell, which then takes the bin's next arena position), distance, time, count and edge written to the
    /// 24-byte cell, and (cell, vehicle) appended to the bin's log, from which distinct vehicles are worked out when the
    /// bin closes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Pass Accumulate(ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres, out long rejected, out long implausible)
    {
        rejected = 0;
        implausible = 0;
        long binStart = long.MaxValue, binEnd = long.MinValue, latestEnter = long.MinValue;
        int binBase = 0, halfBin = -1, window = 0, next = 0, end = 0, cells = 0, logLength = 0;
        long[] log = [];
        // Spans of equal length (checked by the caller), table entries within the table, positions within the arena:
        // indexing without bounds checks keeps the loop's state in registers.
        ref int edge0 = ref MemoryMarshal.GetReference(edges);
        ref int vehicle0 = ref MemoryMarshal.GetReference(vehicles);
        ref long enter0 = ref MemoryMarshal.GetReference(enterMs);
        ref long exit0 = ref MemoryMarshal.GetReference(exitMs);
        ref double metres0 = ref MemoryMarshal.GetReference(metres);
        ref int slot0 = ref MemoryMarshal.GetArrayDataReference(_slotOf);
        ref Hot hot0 = ref MemoryMarshal.GetArrayDataReference(_hot);
        double minKmh = _minKmh, maxKmh = _maxKmh;
        uint edgeCount = (uint)_edgeCount;
        for (int i = 0; i < edges.Length; i++)
        {
            int edge = Unsafe.Add(ref edge0, i), vehicle = Unsafe.Add(ref vehicle0, i);
            if (((uint)edge >= edgeCount) | (vehicle < 0))
            {
                if (halfBin >= 0)
                {
                    Save(halfBin, window, next, cells, log, logLength); // so the next call's Start clears this one's cells
                }

                ThrowOutOfRange(edge, vehicle, _edgeCount);
            }

            long enter = Unsafe.Add(ref enter0, i), exit = Unsafe.Add(ref exit0, i);
            double m = Unsafe.Add(ref metres0, i);
            if (exit <= enter || !(m > 0) || !double.IsFinite(m))
            {
                rejected++;
                continue;
            }

            double seconds = (exit - enter) / 1000.0;
            double metresPerHourTimes = m * 3.6; // km/h x seconds
            if (metresPerHourTimes < minKmh * seconds || metresPerHourTimes > maxKmh * seconds)
            {
                implausible++;
                continue;
            }

            latestEnter = Math.Max(latestEnter, enter);
            long mid = enter + ((exit - enter) / 2);
            if (mid < binStart || mid >= binEnd)
            {
                if (halfBin >= 0)
                {
                    Save(halfBin, window, next, cells, log, logLength);
                }

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
                window = _windowOf[halfBin] >= 0 ? _windowOf[halfBin] : OpenBin(halfBin);
                binBase = window * _edgeCount;
                next = _binNext[halfBin];
                end = (_lastBlock[halfBin] * BlockCells) + BlockCells;
                cells = _binCells[halfBin];
                log = _logs[window];
                logLength = _logLength[window];
                hot0 = ref MemoryMarshal.GetArrayDataReference(_hot);
            }

            if (logLength == log.Length)
            {
                System.Array.Resize(ref log, Math.Max(1024, log.Length * 2));
            }

            ref int slotRef = ref Unsafe.Add(ref slot0, binBase + edge);
            int slot = slotRef;
            int isNew = slot >> 31; // all ones for a new cell
            int pos = (slot & ~isNew) | (next & isNew);
            slotRef = pos;
            next -= isNew;
            cells -= isNew;
            ref Hot cell = ref Unsafe.Add(ref hot0, pos);
            cell.Metres += m;
            cell.Seconds += seconds;
            cell.Edge = edge; // an existing cell holds this edge already
            cell.Count++;
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(log), logLength++) = ((long)pos << 32) | (uint)vehicle;
            if (next == end)
            {
                // The bin's block is full: chain a new one (cleared) for the cells to come.
                next = ChainBlock(halfBin);
                end = next + BlockCells;
                hot0 = ref MemoryMarshal.GetArrayDataReference(_hot);
            }
        }

        if (halfBin >= 0)
        {
            Save(halfBin, window, next, cells, log, logLength);
        }

        return Pass.Done;
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int edge, int vehicle, int edgeCount) => throw ((uint)edge >= (uint)edgeCount
        ? new ArgumentOutOfRangeException(nameof(edge), edge, $"Edge indexes must lie in 0..{edgeCount - 1}.")
        : new ArgumentOutOfRangeException(nameof(vehicle), vehicle, "Vehicle numbers must not be negative."));

    /// <summary>Keeps the state of the bin the rows were going to while rows go to another.</summary>
    private void Save(int halfBin, int window, int next, int cells, long[] log, int logLength)
    {
        _binNext[halfBin] = next;
        _binCells[halfBin] = cells;
        _logs[window] = log;
        _logLength[window] = logLength;
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

    /// <summary>A cell: what every row adds to, and its edge (24 bytes).</summary>
    private struct Hot
    {
        public double Metres;
        public double Seconds;
        public int Edge;
        public int Count;
    }
}
