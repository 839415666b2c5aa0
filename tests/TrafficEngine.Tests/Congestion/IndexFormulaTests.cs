using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

public class IndexFormulaTests
{
    private static readonly long Morning = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 6, spacingMetres: 200);

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.02, 1.0)]
    [InlineData(0.04, 2.0)]
    [InlineData(0.06, 3.0)]
    [InlineData(0.095, 5.0)]
    [InlineData(0.125, 7.0)]
    [InlineData(0.155, 9.0)]
    [InlineData(0.17, 10.0)]
    [InlineData(0.5, 10.0)]
    [InlineData(-0.1, 0.0)]
    public void TpiScale_Default_MapsBreakpointsLinearly(double ratio, double tpi)
    {
        Assert.Equal(tpi, TpiScale.Default.Index(ratio), 12);
    }

    [Theory]
    [InlineData(1.99, CongestionLevel.FreeFlow)]
    [InlineData(2.0, CongestionLevel.BasicallyFree)]
    [InlineData(5.5, CongestionLevel.Light)]
    [InlineData(7.0, CongestionLevel.Moderate)]
    [InlineData(10.0, CongestionLevel.Severe)]
    public void TpiScale_Band(double tpi, CongestionLevel level)
    {
        Assert.Equal(level, TpiScale.Band(tpi));
    }

    [Theory]
    [InlineData(RoadClass.Expressway, 66, CongestionLevel.FreeFlow)]
    [InlineData(RoadClass.Expressway, 65, CongestionLevel.BasicallyFree)]
    [InlineData(RoadClass.Expressway, 20, CongestionLevel.Severe)]
    [InlineData(RoadClass.Expressway, 20.01, CongestionLevel.Moderate)]
    [InlineData(RoadClass.Arterial, 40, CongestionLevel.BasicallyFree)]
    [InlineData(RoadClass.Arterial, 25, CongestionLevel.Light)]
    [InlineData(RoadClass.Arterial, 15, CongestionLevel.Severe)]
    [InlineData(RoadClass.Collector, 12, CongestionLevel.Moderate)]
    [InlineData(RoadClass.Local, 36, CongestionLevel.FreeFlow)]
    [InlineData(RoadClass.Local, 10, CongestionLevel.Severe)]
    public void LevelThresholds_Beijing_FollowTheStandardTable(RoadClass roadClass, double kmh, CongestionLevel level)
    {
        Assert.Equal(level, LevelThresholds.Beijing.Classify(roadClass, kmh));
    }

    [Fact]
    public void Percentiles_Type7_AsNumpy()
    {
        double[] values = [15, 20, 35, 40, 50];

        Assert.Equal(29, Percentiles.OfUnsorted(values.ToArray(), 0.4), 12); // numpy.percentile([15,20,35,40,50], 40) = 29
        Assert.Equal(44, Percentiles.OfUnsorted(values.ToArray(), 0.85), 12); // rank 3.4: 40 + 0.4 x 10
        Assert.Equal(15, Percentiles.OfUnsorted(values.ToArray(), 0), 12);
        Assert.True(double.IsNaN(Percentiles.OfUnsorted([], 0.5)));
    }

    [Fact]
    public void CityIndex_HandWorked_VktWeightedRatioAndTti()
    {
        // Ten primary (arterial) edges with 5 vehicles each, one of them at 12 km/h (severe), the rest at 50 km/h;
        // five residential (local, maxspeed 30) edges at 20 km/h; one more local edge with only 3 vehicles (low sample).
        int[] arterial = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Arterial).Take(10)];
        int[] local = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local).Take(6)];
        var traversals = new Traversals();
        traversals.Add(arterial[0], 12, vehicles: 5);
        foreach (int e in arterial[1..])
        {
            traversals.Add(e, 50, vehicles: 5);
        }

        foreach (int e in local[..5])
        {
            traversals.Add(e, 20, vehicles: 5);
        }

        traversals.Add(local[5], 5, vehicles: 3);
        var options = new CongestionOptions();

        SegmentSpeedTable speeds = traversals.Aggregate();
        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);
        (int[] offsets, int[] members) = GroupIndexCalculator.WholeNetwork(Grid.EdgeCount);
        GroupIndexTable city = GroupIndexCalculator.Compute(Grid, speeds, indices, offsets, members, 1, options);

        // Every observed cell informs the city index, the low-sample one too (the k rule is for published cells):
        // arterial 1 of 10 equal edges congested, R_a = 0.1, VKT 10 x 5 x 0.2 km = 10; local 1 of 6 (the 5 km/h edge
        // seen by 3 vehicles), R_l = 1/6, VKT 5 + 3 x 0.2 = 5.6.
        double ratio = (10.0 / 15.6 * 0.1) + (5.6 / 15.6 / 6);
        Assert.Equal(1, city.Count);
        Assert.Equal(ratio, city.CongestedRatio[0], 6); // grid edges differ in length by millimetres
        Assert.InRange(ratio, 0.11, 0.14); // the 11-14 % band maps to TPI 6-8
        Assert.Equal(6 + ((ratio - 0.11) / 0.03 * 2), city.Tpi[0], 4);
        Assert.Equal(CongestionLevel.Moderate, city.Levels[0]);
        Assert.Equal(16, city.Segments[0]);
        Assert.Equal(78, city.Traversals[0]);
        double length = 200;
        double timeWeighted = (1 * length / 12) + (9 * length / 50) + (5 * length / 20) + (0.6 * length / 5);
        double freeWeighted = (10 * length / 60) + (5 * length / 30) + (0.6 * length / 30);
        Assert.Equal(timeWeighted / freeWeighted, city.Tti[0], 3);

        // Coverage: each class's observed share of its whole length in the network, weighted by the class's VKT share.
        double Length(IEnumerable<int> edges) => edges.Sum(e => Grid.LengthMetres[e]);
        double arterialAll = Length(Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Arterial));
        double localAll = Length(Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local));
        double coverage = (10.0 / 15.6 * Length(arterial) / arterialAll) + (5.6 / 15.6 * Length(local) / localAll);
        Assert.Equal(coverage, city.Coverage[0], 3); // VKT shares from lengths that differ by millimetres
        Assert.InRange(city.Coverage[0], 0.01, 0.99);

        // With the k rule applied to aggregates as well (the old behaviour), the thin cell drops out: R = 10/15 x 0.1.
        GroupIndexTable strict = GroupIndexCalculator.Compute(Grid, speeds, indices, offsets, members, 1,
            new CongestionOptions { AggregateMinVehicles = 5 });
        Assert.Equal(10.0 / 15 * 0.1, strict.CongestedRatio[0], 6);
        Assert.Equal(15, strict.Segments[0]);
        Assert.Equal(1, indices.LowSample.Count(x => x));
    }

    [Fact]
    public void CityIndex_OneSlowTaxiOnAThinCell_ShrunkTowardsItsClassNotCongested()
    {
        // Five local edges at 30 km/h seen by 5 vehicles each (the class's pace in the bin: about 0.13 s/m), and one
        // local edge seen by a single taxi at 8 km/h (0.45 s/m, severe on its own). Shrunk with the weight of 2 vehicles:
        // (1 x 0.45 + 2 x 0.13) / 3 = 0.24 s/m, 15.2 km/h: light, not congested.
        int[] local = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local).Take(6)];
        var traversals = new Traversals();
        foreach (int e in local[..5])
        {
            traversals.Add(e, 30, vehicles: 5);
        }

        traversals.Add(local[5], 8, vehicles: 1);
        SegmentSpeedTable speeds = traversals.Aggregate();
        (int[] offsets, int[] members) = GroupIndexCalculator.WholeNetwork(Grid.EdgeCount);

        var options = new CongestionOptions();
        GroupIndexTable shrunk = GroupIndexCalculator.Compute(Grid, speeds, SegmentIndices.Compute(Grid, speeds, options), offsets, members, 1, options);
        var raw = new CongestionOptions { AggregateShrinkVehicles = 0 };
        GroupIndexTable unshrunk = GroupIndexCalculator.Compute(Grid, speeds, SegmentIndices.Compute(Grid, speeds, raw), offsets, members, 1, raw);

        Assert.Equal(0, shrunk.CongestedRatio[0]);
        Assert.Equal(6, shrunk.Segments[0]); // still observed: it counts in the observed length
        Assert.Equal(1.0 / 6, unshrunk.CongestedRatio[0], 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1000)]
    public void CityIndex_FleetOnAHotSpot_UnobservedLengthTakesItsStratumsShare(double priorMetres)
    {
        // Local edges only, strata of 500 m (coarse 2,000 m). In one stratum the fleet drives half the local edges, all
        // at 8 km/h (severe); in another, one local edge at 30 km/h. The plain observed share reads R_l = C / O; the
        // corrected one gives every unobserved edge its fine stratum's share (the cool stratum's others read free),
        // shrunk with the weight of the prior's metres towards its coarse stratum's and that towards the class's
        // (DOMAIN.md §3: R_k is over the class's whole length). The reference below works edge by edge, not by the engine's sums per stratum.
        (long X, long Y)[] fine = VehicleBootstrap.Squares(Grid, 500);
        int[] local = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local)];
        IGrouping<(long X, long Y), int>[] strata = [.. local.GroupBy(e => fine[e]).OrderByDescending(g => g.Count())];
        Assert.True(strata.Length >= 3, "the grid spans several strata");
        int[] hot = [.. strata[0].Take(Math.Max(1, strata[0].Count() / 2))];
        int cool = strata[1].First();
        var traversals = new Traversals();
        foreach (int e in hot)
        {
            traversals.Add(e, 8, vehicles: 5);
        }

        traversals.Add(cool, 30, vehicles: 5);
        SegmentSpeedTable speeds = traversals.Aggregate();
        (int[] offsets, int[] members) = GroupIndexCalculator.WholeNetwork(Grid.EdgeCount);
        var options = new CongestionOptions { MinCoverage = 0, SelectionCellMetres = 500, SelectionPriorMetres = priorMetres };
        var plain = new CongestionOptions { MinCoverage = 0, SelectionCellMetres = 0 };

        GroupIndexTable corrected = GroupIndexCalculator.Compute(Grid, speeds, SegmentIndices.Compute(Grid, speeds, options), offsets, members, 1, options);
        GroupIndexTable observedOnly = GroupIndexCalculator.Compute(Grid, speeds, SegmentIndices.Compute(Grid, speeds, plain), offsets, members, 1, plain);

        var reading = new Dictionary<int, double>(hot.Select(e => KeyValuePair.Create(e, 1.0))) { [cool] = 0 };
        (double Congested, double Observed) Sums(IEnumerable<int> edges) =>
            (edges.Where(reading.ContainsKey).Sum(e => Grid.LengthMetres[e] * reading[e]), edges.Where(reading.ContainsKey).Sum(e => Grid.LengthMetres[e]));

        // s = (C + m parent) / (O + m); with no prior, an unobserved stratum takes its parent's share outright.
        double Shrunk(IEnumerable<int> edges, double parent)
        {
            (double c, double o) = Sums(edges);
            return o + priorMetres > 0 ? (c + (priorMetres * parent)) / (o + priorMetres) : parent;
        }

        (double classCongested, double classObserved) = Sums(local);
        double classShare = classCongested / classObserved;
        double expected = 0, whole = 0;
        foreach (int e in local)
        {
            (long x, long y) = fine[e];
            int[] coarse = [.. local.Where(f => VehicleBootstrap.FloorDiv(fine[f].X, 4) == VehicleBootstrap.FloorDiv(x, 4) && VehicleBootstrap.FloorDiv(fine[f].Y, 4) == VehicleBootstrap.FloorDiv(y, 4))];
            double stratum = Shrunk(local.Where(f => fine[f] == fine[e]), Shrunk(coarse, classShare));
            expected += Grid.LengthMetres[e] * (reading.TryGetValue(e, out double own) ? own : stratum);
            whole += Grid.LengthMetres[e];
        }

        double observedLength = hot.Sum(e => Grid.LengthMetres[e]) + Grid.LengthMetres[cool];
        Assert.Equal(hot.Sum(e => Grid.LengthMetres[e]) / observedLength, observedOnly.CongestedRatio[0], 9);
        Assert.Equal(expected / whole, corrected.CongestedRatio[0], 9);
        if (priorMetres < 200)
        {
            // A prior of a kilometre outweighs the few hundred metres seen in a stratum of this 1 km grid and pulls it
            // back to the class's observed share; a small one lets the cool stratum speak for its neighbours.
            Assert.True(corrected.CongestedRatio[0] < observedOnly.CongestedRatio[0] - 0.05, "the hot spot no longer stands for the whole class");
        }
        Assert.Equal(observedOnly.Coverage[0], corrected.Coverage[0], 12); // coverage is what was seen, corrected or not
    }

    [Fact]
    public void CityIndex_EveryEdgeObserved_SelectionCorrectionChangesNothing()
    {
        // Every local edge driven, a third of them congested: the class's whole length is observed, so each edge keeps
        // its own reading and the corrected share is the observed one, whatever the strata.
        int[] local = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local)];
        var traversals = new Traversals();
        foreach (int e in local)
        {
            traversals.Add(e, e % 3 == 0 ? 8 : 30, vehicles: 5);
        }

        SegmentSpeedTable speeds = traversals.Aggregate();
        (int[] offsets, int[] members) = GroupIndexCalculator.WholeNetwork(Grid.EdgeCount);
        double[] ratios = [.. new[] { 0.0, 150, 500, 2000 }.Select(cell =>
        {
            var options = new CongestionOptions { MinCoverage = 0, SelectionCellMetres = cell, SelectionPriorMetres = 700 };
            return GroupIndexCalculator.Compute(Grid, speeds, SegmentIndices.Compute(Grid, speeds, options), offsets, members, 1, options).CongestedRatio[0];
        })];

        double congested = local.Where(e => e % 3 == 0).Sum(e => Grid.LengthMetres[e]) / local.Sum(e => Grid.LengthMetres[e]);
        Assert.All(ratios, r => Assert.Equal(congested, r, 9));
    }

    [Fact]
    public void AreaIndex_HandWorked_TwoOverlappingAreas()
    {
        // Linear scale TPI = 10 R to keep the figures round. Area 0: ten arterial edges (5 vehicles each), one at
        // 12 km/h (severe), nine at 50: R = 0.1, TPI 1. Area 1: two of those arterials (the slow one and one at 50)
        // and three local edges with 10 vehicles each, one at 12 km/h (moderate for a local road), two at 40:
        // R_a = 1/2, R_l = 1/3, VKT weights 2 km and 6 km, so R = 0.25 x 0.5 + 0.75 x 1/3 = 0.375, TPI 3.75;
        // unweighted congested share 2 of 5 edges = 0.4. Edges lie in area 0, area 1 or both (CSR membership).
        int[] arterial = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Arterial).Take(10)];
        int[] local = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local).Take(3)];
        var traversals = new Traversals();
        traversals.Add(arterial[0], 12, vehicles: 5);
        foreach (int e in arterial[1..])
        {
            traversals.Add(e, 50, vehicles: 5);
        }

        traversals.Add(local[0], 12, vehicles: 10);
        traversals.Add(local[1], 40, vehicles: 10);
        traversals.Add(local[2], 40, vehicles: 10);
        var groupsOf = new List<int>[Grid.EdgeCount];
        for (int e = 0; e < Grid.EdgeCount; e++)
        {
            groupsOf[e] = [];
        }

        foreach (int e in arterial)
        {
            groupsOf[e].Add(0);
        }

        groupsOf[arterial[0]].Add(1);
        groupsOf[arterial[1]].Add(1);
        foreach (int e in local)
        {
            groupsOf[e].Add(1);
        }

        int[] offsets = [0, .. groupsOf.Select(g => g.Count)];
        for (int e = 0; e < Grid.EdgeCount; e++)
        {
            offsets[e + 1] += offsets[e];
        }

        int[] members = [.. groupsOf.SelectMany(g => g)];
        var options = new CongestionOptions { Tpi = new TpiScale([0, 1], [0, 10]) };

        SegmentSpeedTable speeds = traversals.Aggregate();
        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);
        GroupIndexTable areas = GroupIndexCalculator.Compute(Grid, speeds, indices, offsets, members, 2, options);

        Assert.Equal([0, 1], areas.Groups);
        Assert.Equal(0.1, areas.CongestedRatio[0], 6);
        Assert.Equal(1, areas.Tpi[0], 5);
        Assert.Equal(CongestionLevel.FreeFlow, areas.Levels[0]);
        Assert.Equal(10, areas.Segments[0]);
        Assert.Equal(0.375, areas.CongestedRatio[1], 6);
        Assert.Equal(3.75, areas.Tpi[1], 5);
        Assert.Equal(CongestionLevel.BasicallyFree, areas.Levels[1]);
        Assert.Equal(0.4, areas.CongestedShare[1], 6);
        Assert.Equal(5, areas.Segments[1]);
        Assert.Equal(40, areas.Traversals[1]);
        Assert.Equal(8, areas.Vkt[1], 3);
        double length = 200;
        double time = (1 * length / 12) + (1 * length / 50) + (2 * 1 * length / 12) + (2 * 2 * length / 40); // VKT-weighted L / v
        double free = (2 * length / 60) + (2 * 3 * length / 30);
        Assert.Equal(time / free, areas.Tti[1], 3);
        double seconds = (5 * length / (12 / 3.6)) + (5 * length / (50 / 3.6)) + (10 * length / (12 / 3.6)) + (20 * length / (40 / 3.6));
        Assert.Equal(40 * length / seconds * 3.6, areas.SpeedKmh[1], 2);
    }

    [Fact]
    public void Properties_TpiNeverFallsAsCongestionRises_TtiAtLeastOneAtOrBelowFreeFlow()
    {
        var random = new Random(5);
        var options = new CongestionOptions();
        (int[] offsets, int[] members) = GroupIndexCalculator.WholeNetwork(Grid.EdgeCount);
        for (int trial = 0; trial < 40; trial++)
        {
            int[] edges = [.. Enumerable.Range(0, Grid.EdgeCount).OrderBy(_ => random.Next()).Take(20)];
            double[] kmh = [.. edges.Select(e => random.NextDouble() * Grid.FreeFlowKmh[e])];
            double previous = -1;
            for (int slowed = 0; slowed <= edges.Length; slowed++)
            {
                var traversals = new Traversals();
                for (int i = 0; i < edges.Length; i++)
                {
                    traversals.Add(edges[i], i < slowed ? 3 : Math.Max(kmh[i], 0.5), vehicles: 6);
                }

                SegmentSpeedTable speeds = traversals.Aggregate();
                SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);
                GroupIndexTable city = GroupIndexCalculator.Compute(Grid, speeds, indices, offsets, members, 1, options);

                Assert.True(city.Tpi[0] >= previous - 1e-12, $"TPI fell from {previous} to {city.Tpi[0]}");
                Assert.True(city.Tti[0] >= 1 - 1e-9, $"TTI {city.Tti[0]} below 1");
                Assert.All(indices.Tti, t => Assert.True(t >= 1 - 1e-9));
                previous = city.Tpi[0];
            }
        }
    }

    /// <summary>Synthetic traversals of whole 200 m grid edges at a set speed, all in the 08:00 bin.</summary>
    private sealed class Traversals
    {
        private readonly List<int> _edges = [];
        private readonly List<int> _vehicles = [];
        private readonly List<long> _enter = [];
        private readonly List<long> _exit = [];
        private readonly List<double> _metres = [];

        public void Add(int edge, double kmh, int vehicles)
        {
            for (int v = 0; v < vehicles; v++)
            {
                double seconds = Grid.LengthMetres[edge] / (kmh / 3.6);
                _edges.Add(edge);
                _vehicles.Add(v);
                _enter.Add(Morning + (v * 1000));
                _exit.Add(Morning + (v * 1000) + (long)Math.Round(seconds * 1000));
                _metres.Add(Grid.LengthMetres[edge]);
            }
        }

        public SegmentSpeedTable Aggregate() =>
            new SegmentSpeedAggregator(Grid.EdgeCount, 15).Aggregate([.. _edges], [.. _vehicles], [.. _enter], [.. _exit], [.. _metres]);
    }
}
