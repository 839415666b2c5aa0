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
    [InlineData(5, true, 1, 300, 40)]
    [InlineData(15, false, 2, 300, 40)]
    [InlineData(60, true, 3, 300, 40)]
    [InlineData(15, true, 4, 300, 40)]
    [InlineData(15, true, 5, 3, 500)] // busy cells: distinct vehicles past the inline slots
    [InlineData(60, false, 6, 2, 60)]
    public void Aggregate_RandomTraversals_EqualsDictionaryReference(int binMinutes, bool timeOrdered, int seed, int edgeCount, int fleet)
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

        if (timeOrdered)
        {
            int[] byTime = [.. Enumerable.Range(0, n).OrderBy(i => enter[i])];
            edges = [.. byTime.Select(i => edges[i])];
            vehicles = [.. byTime.Select(i => vehicles[i])];
            exit = [.. byTime.Select(i => exit[i])];
            metres = [.. byTime.Select(i => metres[i])];
            enter = [.. byTime.Select(i => enter[i])];
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
