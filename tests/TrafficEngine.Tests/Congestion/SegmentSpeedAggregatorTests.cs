using TrafficEngine.Congestion;

namespace TrafficEngine.Tests.Congestion;

public class SegmentSpeedAggregatorTests
{
    // 2008-02-04 08:00 Beijing = 00:00 UTC.
    private static readonly long Morning = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Fact]
    public void Aggregate_HandWorked_SpaceMeanSpeedIsDistanceOverTime()
    {
        // Edge 3, one bin: 100 m in 10 s (36 km/h) and 100 m in 30 s (12 km/h): space-mean 200 m / 40 s = 18 km/h,
        // the harmonic mean of 36 and 12, not their arithmetic mean 24.
        var aggregator = new SegmentSpeedAggregator(edgeCount: 5, binMinutes: 15);

        SegmentSpeedTable table = aggregator.Aggregate(
            edges: [3, 3], vehicles: [0, 1], enterMs: [Morning, Morning + 60_000], exitMs: [Morning + 10_000, Morning + 90_000], metres: [100, 100]);

        Assert.Equal(1, table.Count);
        Assert.Equal(18.0, table.SpeedKmh(0), 12);
        Assert.Equal(2, table.Traversals[0]);
        Assert.Equal(2, table.Vehicles[0]);
        Assert.Equal(0.2, table.Vkt(0), 12);
        Assert.Equal(Morning, table.BinStartMs[0]);
    }

    [Fact]
    public void Aggregate_BinsAlignToBeijingMidnightAndUseTheMidpoint()
    {
        var aggregator = new SegmentSpeedAggregator(edgeCount: 2, binMinutes: 60);
        long midnightLocal = new DateTimeOffset(2008, 2, 5, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

        // Enters 23:59:00, leaves 00:02:00: midpoint 00:00:30 belongs to the first bin of the new day.
        SegmentSpeedTable table = aggregator.Aggregate([1], [0], [midnightLocal - 60_000], [midnightLocal + 120_000], [500]);

        Assert.Equal(midnightLocal, table.BinStartMs[0]);
    }

    [Fact]
    public void Aggregate_SameVehicleTwiceApart_CountsOneVehicle()
    {
        var aggregator = new SegmentSpeedAggregator(edgeCount: 4, binMinutes: 15);

        // Vehicle 7 drives edge 2 at 08:01 and again at 08:09 after vehicle 8; and 10 more vehicles (past the inline slots) twice each.
        var edges = new List<int> { 2, 2, 2 };
        var vehicles = new List<int> { 7, 8, 7 };
        for (int round = 0; round < 2; round++)
        {
            for (int v = 100; v < 110; v++)
            {
                edges.Add(2);
                vehicles.Add(v);
            }
        }

        long[] enter = [.. Enumerable.Range(0, edges.Count).Select(i => Morning + (i * 20_000L))];
        long[] exit = [.. enter.Select(t => t + 10_000)];
        double[] metres = [.. Enumerable.Repeat(80.0, edges.Count)];

        SegmentSpeedTable table = aggregator.Aggregate([.. edges], [.. vehicles], enter, exit, metres);

        Assert.Equal(1, table.Count);
        Assert.Equal(23, table.Traversals[0]);
        Assert.Equal(12, table.Vehicles[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1000)]
    public void Aggregate_OneBusyCell_CountsEachVehicleOnce(int fleet)
    {
        // Every vehicle three times in a shuffled order: inline slots, then a table of the cell's own that grows.
        var random = new Random(fleet);
        int[] vehicles = [.. Enumerable.Range(0, 3 * fleet).Select(i => (i % fleet) * 7).OrderBy(_ => random.Next())];
        long[] enter = [.. Enumerable.Range(0, vehicles.Length).Select(i => Morning + i)];
        long[] exit = [.. enter.Select(t => t + 10_000)];
        var aggregator = new SegmentSpeedAggregator(edgeCount: 2, binMinutes: 15);

        SegmentSpeedTable table = aggregator.Aggregate([.. vehicles.Select(_ => 1)], vehicles, enter, exit, [.. vehicles.Select(_ => 100.0)]);

        Assert.Equal(1, table.Count);
        Assert.Equal(3 * fleet, table.Traversals[0]);
        Assert.Equal(fleet, table.Vehicles[0]);
    }

    [Fact]
    public void Aggregate_TimeOrderedWithALongTraversal_BinsAheadStayOpenUntilClosed()
    {
        // Rows ordered by enter time from 08:00 to 09:40; one 4-hour traversal puts its midpoint at 10:00, a bin far
        // ahead that must stay open while the rows after it close the bins behind them; the last row joins it.
        var edges = new List<int>();
        var vehicles = new List<int>();
        var enter = new List<long>();
        var exit = new List<long>();
        for (int i = 0; i < 200; i++)
        {
            long t = Morning + (i * 30_000L);
            edges.Add(i % 3);
            vehicles.Add(i % 11);
            enter.Add(t);
            exit.Add(t + (i == 6 ? 4 * 3_600_000L : 20_000));
        }

        long ten = Morning + (2 * 3_600_000L);
        edges.Add(0);
        vehicles.Add(99);
        enter.Add(ten - 5_000);
        exit.Add(ten + 5_000 + 10_000);
        var aggregator = new SegmentSpeedAggregator(edgeCount: 3, binMinutes: 15);

        SegmentSpeedTable table = aggregator.Aggregate([.. edges], [.. vehicles], [.. enter], [.. exit], [.. Enumerable.Repeat(150.0, edges.Count)]);

        var reference = ReferenceAggregate(15 * 60_000L, [.. edges], [.. vehicles], [.. enter], [.. exit], [.. Enumerable.Repeat(150.0, edges.Count)], out _);
        Assert.Equal(reference.Count, table.Count);
        int atTen = Enumerable.Range(0, table.Count).Single(c => table.BinStartMs[c] == ten && table.Edges[c] == 0);
        Assert.Equal(2, table.Traversals[atTen]);
        Assert.Equal(2, table.Vehicles[atTen]);
        Assert.True(table.BinStartMs.Zip(table.BinStartMs.Skip(1)).All(p => p.First <= p.Second), "cells are ordered by bin");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Aggregate_ImplausibleSpeeds_CountedInEitherOrder(bool timeOrdered)
    {
        // Two days of rows on one edge, by vehicle then time (the matcher's order) or by time: 2 km/h (parked) and
        // 200 km/h (a matching error) are counted and left out, 3 and 150 km/h are kept.
        long day = 86_400_000;
        double[] kmh = [2, 3, 50, 150, 200];
        var rows = new List<(int Vehicle, long Enter, long Exit)>();
        for (int v = 0; v < 4; v++)
        {
            for (int d = 0; d < 2; d++)
            {
                for (int k = 0; k < kmh.Length; k++)
                {
                    long enter = Morning + (d * day) + (k * 60_000L) + v;
                    rows.Add((v, enter, enter + (long)Math.Round(100 / (kmh[k] / 3.6) * 1000)));
                }
            }
        }

        if (timeOrdered)
        {
            rows = [.. rows.OrderBy(r => r.Enter)];
        }

        var aggregator = new SegmentSpeedAggregator(edgeCount: 1, binMinutes: 15, minSpeedKmh: 3, maxSpeedKmh: 150.5);

        SegmentSpeedTable table = aggregator.Aggregate([.. rows.Select(_ => 0)], [.. rows.Select(r => r.Vehicle)],
            [.. rows.Select(r => r.Enter)], [.. rows.Select(r => r.Exit)], [.. rows.Select(_ => 100.0)]);

        Assert.Equal(16, table.RowsImplausibleSpeed);
        Assert.Equal(0, table.RowsRejected);
        Assert.Equal([Morning, Morning + day], table.BinStartMs);
        Assert.Equal([12, 12], table.Traversals);
        Assert.Equal([4, 4], table.Vehicles);
    }

    [Fact]
    public void Aggregate_BadRows_AreCountedNotUsed()
    {
        var aggregator = new SegmentSpeedAggregator(edgeCount: 2, binMinutes: 15);

        SegmentSpeedTable table = aggregator.Aggregate([0, 0, 0, 0], [0, 1, 2, 3],
            [Morning, Morning, Morning, Morning], [Morning + 10_000, Morning, Morning + 10_000, Morning + 10_000], [50, 50, double.NaN, -1]);

        Assert.Equal(3, table.RowsRejected);
        Assert.Equal(1, table.Traversals[0]);
    }

    [Theory]
    [InlineData(5, "time", 1, 300, 40)]
    [InlineData(15, "random", 2, 300, 40)]
    [InlineData(60, "time", 3, 300, 40)]
    [InlineData(15, "time", 4, 300, 40)]
    [InlineData(15, "time", 5, 3, 500)] // busy cells: distinct vehicles past the inline slots, tables that grow
    [InlineData(60, "random", 6, 2, 60)]
    [InlineData(15, "nearly", 7, 300, 40)] // up to 40 minutes out of order: a row falls in a closed bin, the pass starts again
    [InlineData(5, "nearly", 8, 3, 500)]
    [InlineData(15, "vehicle", 9, 300, 40)] // the matcher's order: by vehicle, then time
    [InlineData(15, "exit", 10, 50, 200)] // by exit time: the bins still close, within the tolerance
    public void Aggregate_RandomTraversals_EqualsDictionaryReference(int binMinutes, string order, int seed, int edgeCount, int fleet)
    {
        var random = new Random(seed);
        int n = 20_000;
        var edges = new int[n];
        var vehicles = new int[n];
        var enter = new long[n];
        var exit = new long[n];
        var metres = new double[n];
        for (int i = 0; i < n; i++)
        {
            edges[i] = random.Next(edgeCount);
            vehicles[i] = random.Next(fleet);
            enter[i] = Morning + (long)(random.NextDouble() * 3 * 86_400_000);
            exit[i] = enter[i] + random.Next(-1_000, 120_000);
            metres[i] = random.Next(10) == 0 ? 0 : random.NextDouble() * 400;
        }

        if (order != "random")
        {
            long[] jitter = [.. enter.Select(_ => order == "nearly" ? random.Next(2_400_000) : 0L)];
            int[] sorted = order switch
            {
                "vehicle" => [.. Enumerable.Range(0, n).OrderBy(i => vehicles[i]).ThenBy(i => enter[i])],
                "exit" => [.. Enumerable.Range(0, n).OrderBy(i => exit[i])],
                _ => [.. Enumerable.Range(0, n).OrderBy(i => enter[i] + jitter[i])],
            };
            edges = [.. sorted.Select(i => edges[i])];
            vehicles = [.. sorted.Select(i => vehicles[i])];
            exit = [.. sorted.Select(i => exit[i])];
            metres = [.. sorted.Select(i => metres[i])];
            enter = [.. sorted.Select(i => enter[i])];
        }

        var aggregator = new SegmentSpeedAggregator(edgeCount, binMinutes);

        SegmentSpeedTable table = aggregator.Aggregate(edges, vehicles, enter, exit, metres);
        SegmentSpeedTable again = aggregator.Aggregate(edges, vehicles, enter, exit, metres);

        var reference = ReferenceAggregate(binMinutes * 60_000L, edges, vehicles, enter, exit, metres, out long rejected);
        Assert.Equal(rejected, table.RowsRejected);
        Assert.Equal(reference.Count, table.Count);
        for (int c = 1; c < table.Count; c++)
        {
            Assert.True(table.BinStartMs[c] >= table.BinStartMs[c - 1], "cells are ordered by bin");
        }

        int[] byKey = [.. Enumerable.Range(0, table.Count).OrderBy(c => table.BinStartMs[c]).ThenBy(c => table.Edges[c])];
        int k = 0;
        foreach (((long bin, int edge), (double m, double s, int count, HashSet<int> distinct)) in reference.OrderBy(p => p.Key.Bin).ThenBy(p => p.Key.Edge))
        {
            int c = byKey[k];
            Assert.Equal(bin, table.BinStartMs[c]);
            Assert.Equal(edge, table.Edges[c]);
            Assert.Equal(m, table.Metres[c], 9);
            Assert.Equal(s, table.Seconds[c], 9);
            Assert.Equal(count, table.Traversals[c]);
            Assert.Equal(distinct.Count, table.Vehicles[c]);
            k++;
        }

        Assert.Equal(table.Metres, again.Metres);
        Assert.Equal(table.Vehicles, again.Vehicles);
    }

    [Theory]
    [InlineData(15, "time", 11, 300, 40, 20_000)]
    [InlineData(5, "time", 12, 5_000, 2_000, 60_000)]
    [InlineData(60, "time", 13, 20, 5_000, 60_000)] // busy cells, many distinct vehicles each
    [InlineData(15, "nearly", 14, 300, 300, 20_000)]
    [InlineData(15, "vehicle", 15, 1_000, 100, 20_000)]
    [InlineData(5, "random", 16, 50, 30, 20_000)]
    [InlineData(15, "time", 17, 3, 1 << 28, 20_000)] // vehicle numbers far apart
    public void Aggregate_RandomTraversals_SameArraysAsStraightforwardReference(int binMinutes, string order, int seed, int edgeCount, int fleet, int n)
    {
        // Exact equality, array for array: cells by bin, within a bin in order of first appearance, sums added in input order.
        var random = new Random(seed);
        var edges = new int[n];
        var vehicles = new int[n];
        var enter = new long[n];
        var exit = new long[n];
        var metres = new double[n];
        for (int i = 0; i < n; i++)
        {
            edges[i] = (int)(edgeCount * Math.Pow(random.NextDouble(), 2));
            vehicles[i] = random.Next(fleet);
            enter[i] = order is "time" or "nearly" ? Morning + (long)((double)i / n * 2 * 86_400_000) : Morning + (long)(random.NextDouble() * 2 * 86_400_000);
            enter[i] += order == "nearly" ? random.Next(600_000) : 0;
            exit[i] = enter[i] + random.Next(-1_000, random.Next(20) == 0 ? 3_600_000 : 120_000);
            metres[i] = random.Next(50) == 0 ? 0 : random.NextDouble() * 400;
        }

        if (order == "vehicle")
        {
            int[] sorted = [.. Enumerable.Range(0, n).OrderBy(i => vehicles[i]).ThenBy(i => enter[i])];
            edges = [.. sorted.Select(i => edges[i])];
            vehicles = [.. sorted.Select(i => vehicles[i])];
            exit = [.. sorted.Select(i => exit[i])];
            metres = [.. sorted.Select(i => metres[i])];
            enter = [.. sorted.Select(i => enter[i])];
        }

        var aggregator = new SegmentSpeedAggregator(edgeCount, binMinutes, minSpeedKmh: 1, maxSpeedKmh: 120);
        long binMs = binMinutes * 60_000L;
        var cells = new Dictionary<(long Bin, int Edge), int>();
        var keys = new List<(long Bin, int Edge)>();
        var sums = new List<(double Metres, double Seconds, int Count, HashSet<int> Vehicles)>();
        long rejected = 0, implausible = 0;
        for (int i = 0; i < n; i++)
        {
            double seconds = (exit[i] - enter[i]) / 1000.0;
            if (exit[i] <= enter[i] || !(metres[i] > 0))
            {
                rejected++;
                continue;
            }

            double kmh = metres[i] * 3.6;
            if (kmh < 1 * seconds || kmh > 120 * seconds)
            {
                implausible++;
                continue;
            }

            long mid = enter[i] + ((exit[i] - enter[i]) / 2);
            var key = ((long)Math.Floor(mid / (double)binMs) * binMs, edges[i]);
            if (!cells.TryGetValue(key, out int c))
            {
                cells[key] = c = keys.Count;
                keys.Add(key);
                sums.Add((0, 0, 0, []));
            }

            (double m, double s, int count, HashSet<int> seen) = sums[c];
            seen.Add(vehicles[i]);
            sums[c] = (m + metres[i], s + seconds, count + 1, seen);
        }

        int[] expected = [.. Enumerable.Range(0, keys.Count).OrderBy(c => keys[c].Bin)]; // stable: first appearance within a bin

        for (int run = 0; run < 2; run++)
        {
            SegmentSpeedTable table = aggregator.Aggregate(edges, vehicles, enter, exit, metres);

            Assert.Equal(rejected, table.RowsRejected);
            Assert.Equal(implausible, table.RowsImplausibleSpeed);
            Assert.Equal(expected.Select(c => keys[c].Bin), table.BinStartMs);
            Assert.Equal(expected.Select(c => keys[c].Edge), table.Edges);
            Assert.Equal(expected.Select(c => sums[c].Metres), table.Metres);
            Assert.Equal(expected.Select(c => sums[c].Seconds), table.Seconds);
            Assert.Equal(expected.Select(c => sums[c].Count), table.Traversals);
            Assert.Equal(expected.Select(c => sums[c].Vehicles.Count), table.Vehicles);
        }
    }

    [Fact]
    public void Aggregate_StragglersFromTheDayBeforeAndFarBack_SameAsSorted()
    {
        // Day 0, day 1, a straggler of day 0, day 2, then one of day 0 again (two days back: the fallback pass).
        long day = 86_400_000;
        long[] enter = [Morning, Morning + day, Morning + 100, Morning + (2 * day), Morning + 200];
        long[] exit = [.. enter.Select(t => t + 10_000)];
        var aggregator = new SegmentSpeedAggregator(edgeCount: 3, binMinutes: 15);

        SegmentSpeedTable inOrder = aggregator.Aggregate([1, 1, 1, 1, 1], [0, 1, 2, 3, 4], enter, exit, [10, 10, 10, 10, 10]);
        SegmentSpeedTable near = aggregator.Aggregate([1, 1, 1, 1], [0, 1, 2, 3], enter.AsSpan(0, 4), exit.AsSpan(0, 4), [10, 10, 10, 10]);

        Assert.Equal([Morning, Morning + day, Morning + (2 * day)], inOrder.BinStartMs);
        Assert.Equal([3, 1, 1], inOrder.Vehicles);
        Assert.Equal([Morning, Morning + day, Morning + (2 * day)], near.BinStartMs);
        Assert.Equal([2, 1, 1], near.Vehicles);
    }

    [Fact]
    public void Constructor_BinNotDividingTheDay_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentSpeedAggregator(10, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentSpeedAggregator(0, 15));
    }

    [Fact]
    public void Aggregate_EdgeOutOfRange_Throws()
    {
        var aggregator = new SegmentSpeedAggregator(3, 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => aggregator.Aggregate([3], [0], [Morning], [Morning + 1000], [10]));
        Assert.Throws<ArgumentException>(() => aggregator.Aggregate([1, 2], [0], [Morning], [Morning + 1000], [10]));
    }

    private static Dictionary<(long Bin, int Edge), (double Metres, double Seconds, int Count, HashSet<int> Vehicles)> ReferenceAggregate(
        long binMs, int[] edges, int[] vehicles, long[] enter, long[] exit, double[] metres, out long rejected)
    {
        rejected = 0;
        var cells = new Dictionary<(long, int), (double, double, int, HashSet<int>)>();
        for (int i = 0; i < edges.Length; i++)
        {
            if (exit[i] <= enter[i] || !(metres[i] > 0))
            {
                rejected++;
                continue;
            }

            long mid = enter[i] + ((exit[i] - enter[i]) / 2);
            long bin = (long)Math.Floor(mid / (double)binMs) * binMs;
            var key = (bin, edges[i]);
            var cell = cells.TryGetValue(key, out var c) ? c : (0.0, 0.0, 0, new HashSet<int>());
            cell.Item4.Add(vehicles[i]);
            cells[key] = (cell.Item1 + metres[i], cell.Item2 + ((exit[i] - enter[i]) / 1000.0), cell.Item3 + 1, cell.Item4);
        }

        return cells;
    }
}
