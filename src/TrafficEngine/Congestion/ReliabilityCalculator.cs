using System.Runtime.InteropServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>Reliability indices, congestion duration and recurrent congestion over the analysed date range.</summary>
public static class ReliabilityCalculator
{
    /// <summary>Per segment with usable bins, per FHWA period and the whole day.</summary>
    public static ReliabilityTable ForSegments(RoadNetwork network, SegmentSpeedTable speeds, SegmentIndices indices, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        (int[] starts, int[] cells) = FreeFlowEstimator.CellsByEdge(network.EdgeCount, speeds, options);
        var table = new ReliabilityTable();
        var samples = new List<Sample>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            samples.Clear();
            for (int i = starts[e]; i < starts[e + 1]; i++)
            {
                int c = cells[i];
                double seconds = network.LengthMetres[e] * speeds.Seconds[c] / speeds.Metres[c];
                samples.Add(new Sample(speeds.BinStartMs[c], seconds, indices.Levels[c] >= options.CongestedFrom));
            }

            AddRows(table, e, samples, network.LengthMetres[e] / (indices.EdgeFreeFlowKmh[e] / 3.6), speeds.BinMs, options);
        }

        return table;
    }

    /// <summary>
    /// Per corridor (an ordered edge list: corridor k is <c>edges[offsets[k] .. offsets[k+1]-1]</c>). A bin counts when
    /// its usable cells cover at least <paramref name="minCoverage"/> of the corridor's length; the corridor's travel
    /// time is then its free-flow time scaled by the observed edges' ratio of travel time to free-flow time, and it is
    /// congested when at least half of its observed length is.
    /// </summary>
    public static ReliabilityTable ForCorridors(RoadNetwork network, SegmentSpeedTable speeds, SegmentIndices indices,
        ReadOnlySpan<int> offsets, ReadOnlySpan<int> edges, CongestionOptions options, double minCoverage = 0.5)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        int corridors = offsets.Length - 1;
        (int[] memberOffsets, int[] members) = Corridors.Membership(network.EdgeCount, offsets, edges);
        var totalLength = new double[corridors];
        var freeSeconds = new double[corridors];
        for (int k = 0; k < corridors; k++)
        {
            foreach (int e in edges[offsets[k]..offsets[k + 1]])
            {
                totalLength[k] += network.LengthMetres[e];
                freeSeconds[k] += network.LengthMetres[e] / (indices.EdgeFreeFlowKmh[e] / 3.6);
            }
        }

        var series = new List<Sample>[corridors];
        for (int k = 0; k < corridors; k++)
        {
            series[k] = [];
        }

        var obsLength = new double[corridors];
        var obsSeconds = new double[corridors];
        var obsFree = new double[corridors];
        var congestedLength = new double[corridors];
        var touched = new List<int>();
        int c = 0;
        while (c < speeds.Count)
        {
            long bin = speeds.BinStartMs[c];
            touched.Clear();
            for (; c < speeds.Count && speeds.BinStartMs[c] == bin; c++)
            {
                int e = speeds.Edges[c];
                if (indices.LowSample[c] || memberOffsets[e] == memberOffsets[e + 1])
                {
                    continue;
                }

                double length = network.LengthMetres[e];
                for (int m = memberOffsets[e]; m < memberOffsets[e + 1]; m++)
                {
                    int k = members[m];
                    if (obsLength[k] == 0)
                    {
                        touched.Add(k);
                    }

                    obsLength[k] += length;
                    obsSeconds[k] += length * speeds.Seconds[c] / speeds.Metres[c];
                    obsFree[k] += length / (indices.EdgeFreeFlowKmh[e] / 3.6);
                    congestedLength[k] += indices.Levels[c] >= options.CongestedFrom ? length : 0;
                }
            }

            foreach (int k in touched)
            {
                if (obsLength[k] >= minCoverage * totalLength[k])
                {
                    series[k].Add(new Sample(bin, freeSeconds[k] * obsSeconds[k] / obsFree[k], congestedLength[k] >= 0.5 * obsLength[k]));
                }

                obsLength[k] = obsSeconds[k] = obsFree[k] = congestedLength[k] = 0;
            }
        }

        var table = new ReliabilityTable();
        for (int k = 0; k < corridors; k++)
        {
            AddRows(table, k, series[k], freeSeconds[k], speeds.BinMs, options);
        }

        return table;
    }

    /// <summary>
    /// Segments congested in the same bin of the day on at least <see cref="CongestionOptions.RecurrentMinDays"/>
    /// workdays and at least <see cref="CongestionOptions.RecurrentShare"/> of the workdays in the data.
    /// Returns (edge, bin of day, congested workdays) and the number of workdays.
    /// </summary>
    public static (List<(int Edge, int BinOfDay, int Days)> Recurrent, int Workdays) RecurrentCongestion(
        SegmentSpeedTable speeds, SegmentIndices indices, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        var workdays = new HashSet<long>();
        var counts = new Dictionary<(int, int), int>();
        for (int c = 0; c < speeds.Count; c++)
        {
            long day = BeijingCalendar.LocalDay(speeds.BinStartMs[c]);
            if (!options.Calendar.IsWorkday(day))
            {
                continue;
            }

            workdays.Add(day);
            if (!indices.LowSample[c] && indices.Levels[c] >= options.CongestedFrom)
            {
                var key = (speeds.Edges[c], (int)(BeijingCalendar.LocalTimeOfDayMs(speeds.BinStartMs[c]) / speeds.BinMs));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var recurrent = counts
            .Where(p => p.Value >= options.RecurrentMinDays && p.Value >= options.RecurrentShare * workdays.Count)
            .Select(p => (p.Key.Item1, p.Key.Item2, p.Value))
            .OrderBy(r => r.Item1).ThenBy(r => r.Item2)
            .ToList();
        return (recurrent, workdays.Count);
    }

    private static void AddRows(ReliabilityTable table, int unit, List<Sample> samples, double freeSeconds, long binMs, CongestionOptions options)
    {
        if (samples.Count == 0)
        {
            return;
        }

        var values = new List<double>();
        var days = new HashSet<long>();
        for (int period = 0; period < ReliabilityPeriods.Count; period++)
        {
            values.Clear();
            days.Clear();
            int congestedBins = 0;
            foreach (Sample s in samples)
            {
                if (period != (int)ReliabilityPeriod.AllDay && ReliabilityPeriods.Of(s.BinStartMs, options.Calendar) != period)
                {
                    continue;
                }

                values.Add(s.Seconds);
                days.Add(BeijingCalendar.LocalDay(s.BinStartMs));
                congestedBins += s.Congested ? 1 : 0;
            }

            if (values.Count == 0)
            {
                continue;
            }

            Span<double> sorted = CollectionsMarshal.AsSpan(values);
            sorted.Sort();
            double mean = 0;
            foreach (double v in sorted)
            {
                mean += v;
            }

            mean /= sorted.Length;
            table.Add(new ReliabilityTable.Row(unit, (ReliabilityPeriod)period, days.Count, sorted.Length, freeSeconds, mean,
                Percentiles.OfSorted(sorted, 0.5), Percentiles.OfSorted(sorted, 0.8), Percentiles.OfSorted(sorted, 0.95),
                congestedBins * (binMs / 3_600_000.0) / days.Count));
        }
    }

    private readonly record struct Sample(long BinStartMs, double Seconds, bool Congested);
}
