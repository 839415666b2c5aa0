using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// The vehicles and intervals of city, area and corridor rows (issue 10 §2): each bootstrap replicate against the
/// point estimate on the fleet it stands for (every vehicle copied as often as it weighs), worked cases, exact
/// vehicle counts, determinism.
/// </summary>
public sealed class VehicleBootstrapTests
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 6, spacingMetres: 200);
    private static readonly long Monday8 = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Fact]
    public void Weight_OverManyVehiclesAndReplicates_IsPoissonOne()
    {
        var counts = new int[8];
        int n = 0;
        for (int v = 0; v < 500; v++)
        {
            for (int b = 0; b < 400; b++)
            {
                counts[Math.Min(VehicleBootstrap.Weight(v, b, VehicleBootstrap.VehicleStream), 7)]++;
                n++;
            }
        }

        // P(k) = e^-1 / k!; 200,000 draws put each share within a few tenths of a percent.
        double factorial = 1;
        for (int k = 0; k < 5; k++)
        {
            factorial *= Math.Max(k, 1);
            Assert.Equal(Math.Exp(-1) / factorial, (double)counts[k] / n, 2);
        }

        Assert.Equal(VehicleBootstrap.Weight(17, 3, VehicleBootstrap.VehicleStream), VehicleBootstrap.Weight(17, 3, VehicleBootstrap.VehicleStream));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(b => VehicleBootstrap.Weight(1, b, VehicleBootstrap.VehicleStream)), Enumerable.Range(0, 50).Select(b => VehicleBootstrap.Weight(2, b, VehicleBootstrap.VehicleStream)));
    }

    [Theory]
    [InlineData(1, 3, 2000)]
    [InlineData(12, 5, 2000)]
    [InlineData(30, 8, 2000)]
    [InlineData(30, 8, 250)]
    public void Replicates_OneBlock_EqualThePointEstimateOnTheResampledFleet(int vehicles, int seed, double selectionCell)
    {
        // The whole grid in one block: a replicate in which the block weighs 0 observes nothing; otherwise every length
        // and VKT scales by the block's weight, which no ratio sees, and vehicle v weighing w stands for w copies of v.
        // The replicate's TPI and TTI must be GroupIndexCalculator's on that fleet, for the city and two overlapping areas.
        List<Row> rows = RandomFleet(vehicles, seed);
        var options = new CongestionOptions { MinCoverage = 0, IntervalReplicates = 40, IntervalBlockMetres = 1_000_000, SelectionCellMetres = selectionCell };
        (int[] offsets, int[] members) = TwoAreas(Grid, e => e);
        var seen = new Dictionary<(int Grouping, int Group), (double[] Tpi, double[] Tti)>();

        Run(Grid, rows, options, offsets, members, (grouping, group, _, tpi, tti) => seen[(grouping, group)] = (tpi.ToArray(), tti.ToArray()));

        Assert.Contains((0, 0), seen.Keys);
        Assert.True(vehicles == 1 || seen.Count == 3);
        for (int b = 0; b < options.IntervalReplicates; b++)
        {
            bool blockOut = VehicleBootstrap.Weight(0, b, VehicleBootstrap.BlockStream) == 0;
            (double Tpi, double Tti)[] expected = blockOut
                ? [(double.NaN, double.NaN), (double.NaN, double.NaN), (double.NaN, double.NaN)]
                : PointEstimates(Grid, [.. rows.SelectMany(r => Copies(r, b))], offsets, members, options);
            foreach (((int grouping, int group), (double[] tpi, double[] tti)) in seen)
            {
                (double tpiAt, double ttiAt) = expected[grouping == 0 ? 0 : 1 + group];
                Assert.Equal(tpiAt, tpi[b], 9);
                Assert.Equal(ttiAt, tti[b], 9);
            }
        }
    }

    [Theory]
    [InlineData(12, 4, 2000)]
    [InlineData(40, 6, 2000)]
    [InlineData(40, 7, 250)]
    [InlineData(12, 9, 0)]
    public void Replicates_Blocks_EqualThePointEstimateOnTheResampledFleetAndNetwork(int vehicles, int seed, double selectionCell)
    {
        // Blocks of 300 m on the 1 km grid: a replicate stands for a network in which every edge of block t appears as
        // often as t weighs (each copy carrying the edge's traversals) driven by the resampled fleet.
        List<Row> rows = RandomFleet(vehicles, seed);
        // With strata of 250 m (cells smaller than the blocks) the selection correction runs on strata that straddle
        // blocks, and its prior on a resampled network is W_b / W of its metres.
        var options = new CongestionOptions { MinCoverage = 0, IntervalReplicates = 24, IntervalBlockMetres = 300, SelectionCellMetres = selectionCell };
        int[] blocks = VehicleBootstrap.Blocks(Grid, 300);
        Assert.InRange(blocks.Distinct().Count(), 9, 36);
        (int[] offsets, int[] members) = TwoAreas(Grid, e => e);
        var seen = new Dictionary<(int Grouping, int Group), (double[] Tpi, double[] Tti)>();

        Run(Grid, rows, options, offsets, members, (grouping, group, _, tpi, tti) => seen[(grouping, group)] = (tpi.ToArray(), tti.ToArray()));

        Assert.Equal(3, seen.Count);
        for (int b = 0; b < options.IntervalReplicates; b++)
        {
            int[] times = [.. blocks.Select(t => VehicleBootstrap.Weight(t, b, VehicleBootstrap.BlockStream))];
            (RoadNetwork copied, Func<int, int, int> copyOf, int[] original) = Resampled(times);
            List<Row> fleet = [.. rows.SelectMany(r => Copies(r, b)).SelectMany(r => Enumerable.Range(0, times[r.Edge]).Select(j => r with { Edge = copyOf(r.Edge, j) }))];
            (int[] copiedOffsets, int[] copiedMembers) = TwoAreas(copied, e => original[e]);
            // The selection prior is the same share of the network in every replicate: W_b / W of its metres here.
            double scale = copied.LengthMetres.ToArray().Sum() / Grid.LengthMetres.ToArray().Sum();
            var resampled = new CongestionOptions
            {
                MinCoverage = 0, SelectionCellMetres = selectionCell, SelectionPriorMetres = options.SelectionPriorMetres * scale,
            };
            (double Tpi, double Tti)[] expected = PointEstimates(copied, fleet, copiedOffsets, copiedMembers, resampled);
            foreach (((int grouping, int group), (double[] tpi, double[] tti)) in seen)
            {
                (double tpiAt, double ttiAt) = expected[grouping == 0 ? 0 : 1 + group];
                Assert.Equal(tpiAt, tpi[b], 9);
                Assert.Equal(ttiAt, tti[b], 9);
            }
        }
    }

    [Fact]
    public void Blocks_EdgesShareABlockExactlyWhenNear()
    {
        int[] blocks = VehicleBootstrap.Blocks(Grid, 450);
        (double X, double Y)[] mid = [.. Enumerable.Range(0, Grid.EdgeCount).Select(e => Midpoint(Grid, e))];

        for (int a = 0; a < Grid.EdgeCount; a++)
        {
            for (int b = 0; b < Grid.EdgeCount; b++)
            {
                double dx = Math.Abs(mid[a].X - mid[b].X), dy = Math.Abs(mid[a].Y - mid[b].Y);
                if (dx < 1 && dy < 1)
                {
                    Assert.Equal(blocks[a], blocks[b]); // the two directions of a street
                }
                else if (dx > 451 || dy > 451)
                {
                    Assert.NotEqual(blocks[a], blocks[b]);
                }
            }
        }

        Assert.Equal([.. Enumerable.Range(0, Grid.EdgeCount)], VehicleBootstrap.Blocks(Grid, 0));
        Assert.InRange(blocks.Distinct().Count(), 4, 16); // 1,000 m x 1,000 m of streets in squares of 450 m
        Assert.Equal(Enumerable.Range(0, blocks.Max() + 1), blocks.Distinct().Order()); // numbered densely
    }

    [Fact]
    public void Apply_AllVehiclesAlike_ZeroWidthIntervalsAtThePointInOneBlock()
    {
        // Twenty vehicles drive the same twelve edges at the same speeds (one congested): any resampled fleet reads
        // the same speeds, class shares and VKT shares, so with the network in one block the interval has no width;
        // resampled in blocks, which roads were seen varies, and so does the figure.
        int[] edges = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => e % 5 == 0).Take(12)];
        var rows = new List<Row>();
        for (int v = 0; v < 20; v++)
        {
            for (int i = 0; i < edges.Length; i++)
            {
                rows.Add(Row.At(v, edges[i], i == 0 ? 9 : 28, Monday8 + (v * 2_000)));
            }
        }

        CongestionResult result = CongestionAnalyzer.Analyze(Grid, [Batch(Grid, rows)],
            new CongestionOptions { MinCoverage = 0, IntervalBlockMetres = 1_000_000 });
        CongestionResult blocked = CongestionAnalyzer.Analyze(Grid, [Batch(Grid, rows)], new CongestionOptions { MinCoverage = 0, IntervalBlockMetres = 200 });

        GroupIndexTable city = result.City;
        Assert.Equal(1, city.Count);
        Assert.InRange(city.Tpi[0], 0.5, 9.5);
        Assert.Equal(20, city.Vehicles[0]);
        Assert.Equal(city.Tpi[0], city.TpiLow[0], 9);
        Assert.Equal(city.Tpi[0], city.TpiHigh[0], 9);
        Assert.True(city.Tti[0] > 1);
        Assert.Equal(city.Tti[0], city.TtiLow[0], 9);
        Assert.Equal(city.Tti[0], city.TtiHigh[0], 9);
        Assert.True(blocked.City.TpiHigh[0] - blocked.City.TpiLow[0] > 0.5, $"{blocked.City.TpiLow[0]}..{blocked.City.TpiHigh[0]}");
    }

    [Fact]
    public void Apply_OneVehicle_ReplicatesWithoutItObserveNothingAndTheRestAgree()
    {
        // A single taxi, no shrinkage, one block: a replicate in which the taxi or the block weighs 0 observes nothing
        // (left out of the interval); every other reads exactly the point. One vehicle cannot show how far another
        // fleet would read: width 0.
        var rows = new List<Row>();
        for (int i = 0; i < 8; i++)
        {
            rows.Add(Row.At(0, i * 7, i == 0 ? 8 : 40, Monday8 + (i * 60_000)));
        }

        var options = new CongestionOptions { MinCoverage = 0, AggregateShrinkVehicles = 0, IntervalReplicates = 100, IntervalBlockMetres = 1_000_000 };
        double[] replicates = [];

        GroupIndexTable city = Run(Grid, rows, options, null, null, (_, _, _, tpi, _) => replicates = tpi.ToArray())[0];

        int absent = Enumerable.Range(0, 100).Count(b =>
            VehicleBootstrap.Weight(0, b, VehicleBootstrap.VehicleStream) == 0 || VehicleBootstrap.Weight(0, b, VehicleBootstrap.BlockStream) == 0);
        Assert.InRange(absent, 40, 75); // about 1 - (1 - e^-1)^2 of them
        Assert.Equal(absent, replicates.Count(double.IsNaN));
        Assert.All(replicates.Where(double.IsFinite), t => Assert.Equal(city.Tpi[0], t, 12));
        Assert.InRange(city.Tpi[0], 0.5, 9.5);
        Assert.Equal(1, city.Vehicles[0]);
        Assert.Equal(city.Tpi[0], city.TpiLow[0], 12);
        Assert.Equal(city.Tpi[0], city.TpiHigh[0], 12);
    }

    [Fact]
    public void Apply_Vehicles_MatchADirectCountPerGroupAndBin()
    {
        // Two hours of 40 vehicles on the grid, some rows implausible (left out), aggregates over cells seen by at
        // least 2 vehicles: the distinct vehicles behind each row, counted by brute force.
        var random = new Random(11);
        var rows = new List<Row>();
        for (int v = 0; v < 40; v++)
        {
            long clock = Monday8 + random.Next(600_000);
            for (int k = 0; k < 60; k++)
            {
                int e = random.Next(Grid.EdgeCount / 3);
                double kmh = random.Next(25) == 0 ? 1 : 5 + (50 * random.NextDouble());
                rows.Add(Row.At(v, e, kmh, clock));
                clock += 60_000 + random.Next(60_000);
            }
        }

        var options = new CongestionOptions { MinCoverage = 0, AggregateMinVehicles = 2, IntervalReplicates = 0 };
        (int[] offsets, int[] members) = TwoAreas(Grid, e => e);

        GroupIndexTable[] tables = Run(Grid, rows, options, offsets, members, null);

        var usable = rows.Where(r => r.Kmh >= options.MinTraversalSpeedKmh).ToList();
        var cellVehicles = usable.GroupBy(r => (r.Bin, r.Edge)).ToDictionary(g => g.Key, g => g.Select(r => r.Vehicle).Distinct().Count());
        int Direct(long bin, Func<int, bool> inGroup) => usable
            .Where(r => r.Bin == bin && inGroup(r.Edge) && cellVehicles[(r.Bin, r.Edge)] >= 2).Select(r => r.Vehicle).Distinct().Count();
        Assert.True(tables[0].Count >= 6);
        Assert.True(rows.Count - usable.Count > 20);
        for (int i = 0; i < tables[0].Count; i++)
        {
            Assert.Equal(Direct(tables[0].BinStartMs[i], _ => true), tables[0].Vehicles[i]);
            Assert.True(double.IsNaN(tables[0].TpiLow[i])); // no replicates asked for
        }

        for (int i = 0; i < tables[1].Count; i++)
        {
            int group = tables[1].Groups[i];
            Assert.Equal(Direct(tables[1].BinStartMs[i], e => InArea(e, group)), tables[1].Vehicles[i]);
        }
    }

    [Fact]
    public void Apply_SameInputTwice_SameIntervalsAndReplicates()
    {
        // Large enough for the replicates to run on several threads.
        List<Row> rows = RandomFleet(vehicles: 300, seed: 2);
        var options = new CongestionOptions { MinCoverage = 0 };
        var first = new List<double>();
        var second = new List<double>();

        GroupIndexTable a = Run(Grid, rows, options, null, null, (_, _, _, tpi, tti) => first.AddRange([.. tpi, .. tti]))[0];
        GroupIndexTable b = Run(Grid, rows, options, null, null, (_, _, _, tpi, tti) => second.AddRange([.. tpi, .. tti]))[0];

        Assert.Equal(2 * options.IntervalReplicates, first.Count);
        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(a.TpiLow, b.TpiLow);
        Assert.Equal(a.TtiHigh, b.TtiHigh);
        Assert.True(a.TtiHigh[0] > a.TtiLow[0]);
        Assert.InRange(a.Tpi[0], a.TpiLow[0], a.TpiHigh[0]);
        Assert.InRange(a.Tti[0], a.TtiLow[0], a.TtiHigh[0]);
    }

    [Fact]
    public void Interval_PercentilesWidenedToHoldThePoint()
    {
        double[] values = [.. Enumerable.Range(0, 101).Select(i => i / 10.0)]; // 0, 0.1, ..., 10

        (double low, double high) = VehicleBootstrap.Interval(values.ToArray(), 5, 0.9);
        (double lowAbove, double highAbove) = VehicleBootstrap.Interval(values.ToArray(), 9.8, 0.9);
        (double none, _) = VehicleBootstrap.Interval([], 5, 0.9);

        Assert.Equal(0.5, low, 12);
        Assert.Equal(9.5, high, 12);
        Assert.Equal(0.5, lowAbove, 12);
        Assert.Equal(9.8, highAbove, 12); // the point above the 95th percentile: the interval reaches it
        Assert.True(double.IsNaN(none));
    }

    [Theory]
    [InlineData(-1, 0.9, 1000)]
    [InlineData(200, 1.0, 1000)]
    [InlineData(200, 0.0, 1000)]
    [InlineData(CongestionOptions.MaxIntervalReplicates + 1, 0.9, 1000)]
    [InlineData(200, 0.9, -1)]
    [InlineData(200, 0.9, double.PositiveInfinity)]
    public void Options_BadIntervalSettings_Fail(int replicates, double level, double blockMetres)
    {
        var options = new CongestionOptions { IntervalReplicates = replicates, IntervalLevel = level, IntervalBlockMetres = blockMetres };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    /// <summary>One traversal: vehicle number (its name is "v" + number), edge index, times, metres.</summary>
    private sealed record Row(int Vehicle, int Edge, long EnterMs, long ExitMs, double Metres)
    {
        public double Kmh => Metres / ((ExitMs - EnterMs) / 1000.0) * 3.6;

        public long Bin => (EnterMs + ((ExitMs - EnterMs) / 2)) / 900_000 * 900_000;

        /// <summary>A whole grid edge at <paramref name="kmh"/>.</summary>
        public static Row At(int vehicle, int edge, double kmh, long enterMs) =>
            new(vehicle, edge, enterMs, enterMs + (long)Math.Round(Grid.LengthMetres[edge] / (kmh / 3.6) * 1000), Grid.LengthMetres[edge]);
    }

    /// <summary>Vehicle v weighing w in replicate b: w copies of its rows, each copy a vehicle of its own.</summary>
    private static IEnumerable<Row> Copies(Row row, int replicate) =>
        Enumerable.Range(0, VehicleBootstrap.Weight(row.Vehicle, replicate, VehicleBootstrap.VehicleStream)).Select(j => row with { Vehicle = (row.Vehicle * 100) + j });

    /// <summary>
    /// Vehicles written one after another (so dense vehicle number = v), in the 08:00 bin, on a pool of 15 edges (cells
    /// of one to many vehicles, thin ones shrunk), a few driving an edge twice, speeds 6-60 km/h.
    /// </summary>
    private static List<Row> RandomFleet(int vehicles, int seed)
    {
        var random = new Random(seed);
        int[] pool = [.. Enumerable.Range(0, Grid.EdgeCount).OrderBy(_ => random.Next()).Take(15)];
        var rows = new List<Row>();
        for (int v = 0; v < vehicles; v++)
        {
            double pace = 0.5 + random.NextDouble(); // some drivers slower than others
            for (int k = 0; k < 6; k++)
            {
                int e = pool[random.Next(pool.Length)];
                rows.Add(Row.At(v, e, Math.Clamp(pace * (6 + (54 * random.NextDouble())), 6, 60), Monday8 + 60_000 + random.Next(600_000)));
            }
        }

        return rows;
    }

    /// <summary>
    /// The grid with edge e appearing <paramref name="times"/>[e] times (ids e's id x 10 + copy), as GridNetwork builds
    /// its streets; the index of copy j of edge e, and each edge's original.
    /// </summary>
    private static (RoadNetwork Network, Func<int, int, int> CopyOf, int[] Original) Resampled(int[] times)
    {
        var builder = new RoadNetworkBuilder();
        for (int n = 0; n < Grid.NodeCount; n++)
        {
            builder.AddNode(Grid.NodeIds[n], Grid.NodeLon[n], Grid.NodeLat[n]);
        }

        for (int e = 0; e < Grid.EdgeCount; e++)
        {
            bool arterial = Grid.Classes[e] == RoadClass.Arterial;
            for (int j = 0; j < times[e]; j++)
            {
                builder.AddEdge((Grid.EdgeIds[e] * 10) + j, e, Grid.NodeIds[Grid.EdgeFrom[e]], Grid.NodeIds[Grid.EdgeTo[e]],
                    arterial ? "primary" : "residential", null, arterial ? 2 : 0, arterial ? double.NaN : 30, [], []);
            }
        }

        RoadNetwork network = builder.Build();
        int[] original = [.. Enumerable.Range(0, network.EdgeCount).Select(c => Grid.FindEdge(network.EdgeIds[c] / 10))];
        for (int c = 0; c < network.EdgeCount; c++)
        {
            Assert.Equal(Grid.LengthMetres[original[c]], network.LengthMetres[c], 9);
            Assert.Equal(Grid.Classes[original[c]], network.Classes[c]);
        }

        return (network, (e, j) => network.FindEdge((Grid.EdgeIds[e] * 10) + j), original);
    }

    /// <summary>Area 0: even edges of the grid; area 1: its first half (they overlap); an edge of a copy as its original.</summary>
    private static (int[] Offsets, int[] Members) TwoAreas(RoadNetwork network, Func<int, int> originalOf)
    {
        var offsets = new int[network.EdgeCount + 1];
        var members = new List<int>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            for (int g = 0; g < 2; g++)
            {
                if (InArea(originalOf(e), g))
                {
                    members.Add(g);
                }
            }

            offsets[e + 1] = members.Count;
        }

        return (offsets, [.. members]);
    }

    private static bool InArea(int edge, int area) => area == 0 ? edge % 2 == 0 : edge < Grid.EdgeCount / 2;

    private static (double X, double Y) Midpoint(RoadNetwork network, int e)
    {
        int from = network.EdgeFrom[e], to = network.EdgeTo[e];
        double lon = (network.NodeLon[from] + network.NodeLon[to]) / 2, lat = (network.NodeLat[from] + network.NodeLat[to]) / 2;
        return (lon * 111_320 * Math.Cos(GridNetwork.OriginLat * Math.PI / 180), lat * 110_574);
    }

    /// <summary>The engine's path: spill, aggregate, indices, point estimates, then the bootstrap; the city first, then the areas.</summary>
    private static GroupIndexTable[] Run(RoadNetwork network, List<Row> rows, CongestionOptions options, int[]? offsets, int[]? members,
        VehicleBootstrap.ReplicateObserver? observer)
    {
        using TraversalSpill spill = TraversalSpill.Write(network, [Batch(network, rows)], 900_000, null, CancellationToken.None);
        var aggregator = new SegmentSpeedAggregator(network.EdgeCount, 15, options.MinTraversalSpeedKmh, options.MaxTraversalSpeedKmh);
        SegmentSpeedTable speeds = aggregator.AggregateChunks(spill.Chunks(CancellationToken.None));
        SegmentIndices indices = SegmentIndices.Compute(network, speeds, options);
        (int[] cityOffsets, int[] cityMembers) = GroupIndexCalculator.WholeNetwork(network.EdgeCount);
        var groupings = new List<VehicleBootstrap.Grouping>
        {
            new(GroupIndexCalculator.Compute(network, speeds, indices, cityOffsets, cityMembers, 1, options), cityOffsets, cityMembers, 1),
        };
        if (offsets is not null && members is not null)
        {
            groupings.Add(new(GroupIndexCalculator.Compute(network, speeds, indices, offsets, members, 2, options), offsets, members, 2));
        }

        return VehicleBootstrap.Apply(network, speeds, indices, spill.Chunks(CancellationToken.None), spill.VehicleCount, groupings, options, observer);
    }

    /// <summary>The point TPI and TTI of the city, area 0 and area 1 in the single bin (NaN where nothing was observed).</summary>
    private static (double Tpi, double Tti)[] PointEstimates(RoadNetwork network, List<Row> rows, int[] offsets, int[] members, CongestionOptions options)
    {
        var result = new (double, double)[] { (double.NaN, double.NaN), (double.NaN, double.NaN), (double.NaN, double.NaN) };
        if (rows.Count == 0)
        {
            return result;
        }

        var none = new CongestionOptions
        {
            MinCoverage = options.MinCoverage, AggregateShrinkVehicles = options.AggregateShrinkVehicles, IntervalReplicates = 0,
            SelectionCellMetres = options.SelectionCellMetres, SelectionPriorMetres = options.SelectionPriorMetres,
        };
        GroupIndexTable[] tables = Run(network, rows, none, offsets, members, null);
        result[0] = (tables[0].Tpi[0], tables[0].Tti[0]);
        for (int i = 0; i < tables[1].Count; i++)
        {
            result[1 + tables[1].Groups[i]] = (tables[1].Tpi[i], tables[1].Tti[i]);
        }

        return result;
    }

    private static RecordBatch Batch(RoadNetwork network, List<Row> rows)
    {
        var vehicle = new StringArray.Builder();
        var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach (Row r in rows)
        {
            vehicle.Append("v" + r.Vehicle);
            edge.Append(network.EdgeIds[r.Edge]);
            enter.Append(r.EnterMs);
            exit.Append(r.ExitMs);
            length.Append(r.Metres);
        }

        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true),
            new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("length_m", DoubleType.Default, nullable: true),
        ], []);
        return ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()]);
    }
}
