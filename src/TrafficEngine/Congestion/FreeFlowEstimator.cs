using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Free-flow speed per edge from the observed segment speeds, by either method, falling back step by step when an
/// edge's own cells are too few (<see cref="CongestionOptions.MinFreeFlowValues"/>): the edge's own cells, then those
/// of its road stretch (the same road in the same direction), then those of its road class in its area (see
/// <see cref="FreeFlowGroups"/>), then the network's speed. A pooled step applies the same method to the cells of
/// every edge of the group, as if the group were one segment: the off-peak percentile of all their off-peak bins, or
/// the fastest hours of their hourly space-mean speed. Each edge records the step that gave its speed.
/// With history (<see cref="FreeFlowHistory"/>) every data step also counts the earlier days' cells; off-peak speeds
/// are then counted in 1 km/h buckets (<see cref="FreeFlowSamples"/>) for the keys that have history.
/// The per-cell methods are marked AggressiveOptimization, as the ingest's: a run calls them once, and tier-0 code
/// cost the T-Drive day 450-600 ms here against 150-200 ms optimised (measured cold, one run per process).
/// </summary>
public static class FreeFlowEstimator
{
    /// <summary>
    /// Free-flow km/h per edge (dense index) and the step each came from. Only cells with enough distinct vehicles
    /// (<see cref="CongestionOptions.FreeFlowMinVehicles"/>) are used. <paramref name="groups"/> default to
    /// <see cref="FreeFlowGroups.Build"/> without area polygons; with <paramref name="history"/> they must be the history's.
    /// </summary>
    public static FreeFlowSpeeds Estimate(RoadNetwork network, SegmentSpeedTable speeds, CongestionOptions options,
        FreeFlowGroups? groups = null, FreeFlowHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        groups ??= history?.Groups ?? FreeFlowGroups.Build(network, options);
        if (history is not null && !ReferenceEquals(history.Groups, groups))
        {
            throw new ArgumentException("The history was aggregated by other groups than the ones given.", nameof(groups));
        }

        history?.Finish();
        bool[] offPeak = OffPeakCells(speeds, options.Calendar);
        // Each step is computed only for the groups holding an edge the steps before left without a speed.
        double[] own = Pooled(network.EdgeCount, null, null, speeds, offPeak, options, history?.Edges);
        var roadNeeded = new bool[groups.RoadCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            roadNeeded[groups.RoadOf[e]] |= double.IsNaN(own[e]);
        }

        double[] road = Pooled(groups.RoadCount, groups.RoadOf, roadNeeded, speeds, offPeak, options, history?.Roads);
        var areaNeeded = new bool[groups.ClassAreaCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            areaNeeded[groups.ClassAreaOf[e]] |= double.IsNaN(own[e]) && double.IsNaN(road[groups.RoadOf[e]]);
        }

        double[] area = Pooled(groups.ClassAreaCount, groups.ClassAreaOf, areaNeeded, speeds, offPeak, options, history?.ClassAreas);
        var kmh = new float[network.EdgeCount];
        var sources = new FreeFlowSource[network.EdgeCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            (kmh[e], sources[e]) =
                !double.IsNaN(own[e]) ? ((float)own[e], FreeFlowSource.Edge)
                : !double.IsNaN(road[groups.RoadOf[e]]) ? ((float)road[groups.RoadOf[e]], FreeFlowSource.Road)
                : !double.IsNaN(area[groups.ClassAreaOf[e]]) ? ((float)area[groups.ClassAreaOf[e]], FreeFlowSource.ClassInArea)
                : (network.FreeFlowKmh[e], FreeFlowSource.Network);
        }

        return new FreeFlowSpeeds(kmh, sources);
    }

    /// <summary>
    /// The method's estimate per key (NaN where too few values), pooling the usable cells of each key's edges; keys not
    /// <paramref name="needed"/> (when given) are NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Pooled(int keyCount, int[]? keyOf, bool[]? needed, SegmentSpeedTable speeds, bool[] offPeak, CongestionOptions options,
        FreeFlowSamples? history)
    {
        (int[] starts, int[] cells) = CellsByKey(keyCount, keyOf, needed, speeds, options.FreeFlowMinVehicles);
        var estimates = new double[keyCount];
        var values = new List<double>();
        int[] scratch = history is { Buckets: > 0 } ? new int[history.Buckets] : [];
        for (int k = 0; k < keyCount; k++)
        {
            ReadOnlySpan<int> mine = cells.AsSpan(starts[k], starts[k + 1] - starts[k]);
            estimates[k] = (mine.IsEmpty && (history is null || history.Count(k) == 0)) || (needed is not null && !needed[k])
                ? double.NaN
                : options.FreeFlowMethod == FreeFlowMethod.OffPeakPercentile
                    ? OffPeak(speeds, mine, offPeak, options, values, history, k, scratch)
                    : FastestHours(speeds, mine, options, values, history, k);
        }

        return estimates;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double OffPeak(SegmentSpeedTable speeds, ReadOnlySpan<int> cells, bool[] offPeak, CongestionOptions options,
        List<double> values, FreeFlowSamples? history, int key, int[] scratch)
    {
        values.Clear();
        foreach (int c in cells)
        {
            if (offPeak[c])
            {
                values.Add(speeds.SpeedKmh(c));
            }
        }

        int historic = history?.Count(key) ?? 0;
        if (values.Count + historic < options.MinFreeFlowValues)
        {
            return double.NaN;
        }

        if (historic == 0)
        {
            return Percentiles.OfUnsorted(CollectionsMarshal.AsSpan(values), options.FreeFlowPercentile);
        }

        // History is held as a histogram: count today's values into a copy of it.
        history!.Histogram(key).CopyTo(scratch);
        foreach (double v in values)
        {
            scratch[FreeFlowSamples.Bucket(v, scratch.Length)]++;
        }

        return FreeFlowSamples.Percentile(scratch, options.FreeFlowPercentile);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FastestHours(SegmentSpeedTable speeds, ReadOnlySpan<int> cells, CongestionOptions options, List<double> values,
        FreeFlowSamples? history, int key)
    {
        // Cells of one key arrive in bin order, so an hour's cells are consecutive.
        values.Clear();
        int i = 0;
        while (i < cells.Length)
        {
            long hour = HourOf(speeds.BinStartMs[cells[i]]);
            double metres = 0, seconds = 0;
            int traversals = 0;
            for (; i < cells.Length && HourOf(speeds.BinStartMs[cells[i]]) == hour; i++)
            {
                metres += speeds.Metres[cells[i]];
                seconds += speeds.Seconds[cells[i]];
                traversals += speeds.Traversals[cells[i]];
            }

            if (traversals >= options.MinHourlyTraversals)
            {
                values.Add(metres / seconds * 3.6);
            }
        }

        // The history's hours are earlier than today's: its count adds, and its fastest hours join today's.
        int hours = values.Count + (history?.Count(key) ?? 0);
        if (hours < options.MinFreeFlowValues || hours < options.FastestHours)
        {
            return double.NaN;
        }

        if (history is not null)
        {
            foreach (float v in history.Fastest(key))
            {
                values.Add(v);
            }
        }

        values.Sort();
        double sum = 0;
        for (int k = values.Count - options.FastestHours; k < values.Count; k++)
        {
            sum += values[k];
        }

        return sum / options.FastestHours;
    }

    /// <summary>Whether each cell's bin is off-peak; the calendar is asked once per bin (cells come in bin order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool[] OffPeakCells(SegmentSpeedTable speeds, BeijingCalendar calendar)
    {
        var offPeak = new bool[speeds.Count];
        long bin = long.MinValue;
        bool value = false;
        for (int c = 0; c < speeds.Count; c++)
        {
            if (speeds.BinStartMs[c] != bin)
            {
                bin = speeds.BinStartMs[c];
                value = !calendar.IsPeak(bin);
            }

            offPeak[c] = value;
        }

        return offPeak;
    }

    private static long HourOf(long ms) => Math.DivRem(ms, 3_600_000, out long rem) - (rem < 0 ? 1 : 0);

    /// <summary>Indexes of the cells with enough vehicles, grouped by edge and in bin order within an edge.</summary>
    internal static (int[] Starts, int[] Cells) CellsByEdge(int edgeCount, SegmentSpeedTable speeds, CongestionOptions options) =>
        CellsByKey(edgeCount, null, null, speeds, options.MinVehicles);

    /// <summary>
    /// Indexes of the cells with at least <paramref name="minVehicles"/> vehicles, grouped by the key of their edge (<paramref name="keyOf"/>, or the
    /// edge itself when null) with a counting sort, in bin order within a key; only keys <paramref name="needed"/> when given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Starts, int[] Cells) CellsByKey(int keyCount, int[]? keyOf, bool[]? needed, SegmentSpeedTable speeds, int minVehicles)
    {
        var starts = new int[keyCount + 1];
        var keys = new int[speeds.Count];
        for (int c = 0; c < speeds.Count; c++)
        {
            int key = keyOf is null ? speeds.Edges[c] : keyOf[speeds.Edges[c]];
            keys[c] = speeds.Vehicles[c] >= minVehicles && (needed is null || needed[key]) ? key : -1;
            if (keys[c] >= 0)
            {
                starts[key + 1]++;
            }
        }

        for (int k = 0; k < keyCount; k++)
        {
            starts[k + 1] += starts[k];
        }

        var cells = new int[starts[keyCount]];
        int[] next = starts[..^1];
        for (int c = 0; c < speeds.Count; c++)
        {
            if (keys[c] >= 0)
            {
                cells[next[keys[c]]++] = c;
            }
        }

        return (starts, cells);
    }
}

/// <summary>Free-flow speed per edge (dense index), km/h, and the step of the fallback chain each came from.</summary>
public sealed class FreeFlowSpeeds
{
    internal FreeFlowSpeeds(float[] kmh, FreeFlowSource[] sources)
    {
        Kmh = kmh;
        Sources = sources;
    }

    public float[] Kmh { get; }

    public FreeFlowSource[] Sources { get; }

    /// <summary>Edges per source, indexed by <see cref="FreeFlowSource"/>.</summary>
    public int[] CountBySource()
    {
        var counts = new int[FreeFlowSources.Count];
        foreach (FreeFlowSource source in Sources)
        {
            counts[(int)source]++;
        }

        return counts;
    }
}
