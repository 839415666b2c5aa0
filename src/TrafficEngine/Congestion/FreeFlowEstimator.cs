using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>Free-flow speed per edge from the observed segment speeds, by either method, with the network's speed as fallback.</summary>
public static class FreeFlowEstimator
{
    /// <summary>
    /// Free-flow km/h per edge (dense index), and whether each came from data (true) or the network's fallback (false).
    /// Only cells with enough distinct vehicles are used.
    /// </summary>
    public static (float[] Kmh, bool[] FromData) Estimate(RoadNetwork network, SegmentSpeedTable speeds, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kmh = new float[network.EdgeCount];
        var fromData = new bool[network.EdgeCount];
        network.FreeFlowKmh.CopyTo(kmh);

        // Group usable cells by edge with a counting sort (cells are ordered by bin, then edge).
        (int[] starts, int[] cells) = CellsByEdge(network.EdgeCount, speeds, options);
        var values = new List<double>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            ReadOnlySpan<int> mine = cells.AsSpan(starts[e], starts[e + 1] - starts[e]);
            if (mine.IsEmpty)
            {
                continue;
            }

            double estimate = options.FreeFlowMethod == FreeFlowMethod.OffPeakPercentile
                ? OffPeak(speeds, mine, options, values)
                : FastestHours(speeds, mine, options, values);
            if (!double.IsNaN(estimate))
            {
                kmh[e] = (float)estimate;
                fromData[e] = true;
            }
        }

        return (kmh, fromData);
    }

    private static double OffPeak(SegmentSpeedTable speeds, ReadOnlySpan<int> cells, CongestionOptions options, List<double> values)
    {
        values.Clear();
        foreach (int c in cells)
        {
            if (!options.Calendar.IsPeak(speeds.BinStartMs[c]))
            {
                values.Add(speeds.SpeedKmh(c));
            }
        }

        return values.Count < options.MinFreeFlowValues
            ? double.NaN
            : Percentiles.OfUnsorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), options.FreeFlowPercentile);
    }

    private static double FastestHours(SegmentSpeedTable speeds, ReadOnlySpan<int> cells, CongestionOptions options, List<double> values)
    {
        // Cells of one edge arrive in bin order, so an hour's cells are consecutive.
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

        if (values.Count < options.MinFreeFlowValues || values.Count < options.FastestHours)
        {
            return double.NaN;
        }

        values.Sort();
        double sum = 0;
        for (int k = values.Count - options.FastestHours; k < values.Count; k++)
        {
            sum += values[k];
        }

        return sum / options.FastestHours;
    }

    private static long HourOf(long ms) => Math.DivRem(ms, 3_600_000, out long rem) - (rem < 0 ? 1 : 0);

    /// <summary>Indexes of the cells with enough vehicles, grouped by edge and in bin order within an edge.</summary>
    internal static (int[] Starts, int[] Cells) CellsByEdge(int edgeCount, SegmentSpeedTable speeds, CongestionOptions options)
    {
        var starts = new int[edgeCount + 1];
        for (int c = 0; c < speeds.Count; c++)
        {
            if (speeds.Vehicles[c] >= options.MinVehicles)
            {
                starts[speeds.Edges[c] + 1]++;
            }
        }

        for (int e = 0; e < edgeCount; e++)
        {
            starts[e + 1] += starts[e];
        }

        var cells = new int[starts[edgeCount]];
        int[] next = starts[..^1];
        for (int c = 0; c < speeds.Count; c++)
        {
            if (speeds.Vehicles[c] >= options.MinVehicles)
            {
                cells[next[speeds.Edges[c]]++] = c;
            }
        }

        return (starts, cells);
    }
}
