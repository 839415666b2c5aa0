using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

/// <summary>Hand-worked fixtures for the free-flow methods, the per-cell indices and the level names (issue 4 §2, §4).</summary>
public class FreeFlowAndSegmentIndexTests
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 4, spacingMetres: 200);
    private static readonly int[] Arterials = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Arterial)];
    private static readonly int[] Locals = [.. Enumerable.Range(0, Grid.EdgeCount).Where(e => Grid.Classes[e] == RoadClass.Local)];

    [Fact]
    public void FreeFlow_OffPeakPercentile_HandWorked()
    {
        // Edge a: off-peak bins at 20, 30, 40, 50, 60 km/h on Monday and 70 on Saturday at 08:00 (a weekend is never
        // peak); a Monday 08:00 bin at 10 km/h is peak and left out. p85 of [20..70] (type 7): rank 0.85 x 5 = 4.25,
        // 60 + 0.25 x 10 = 62.5 (with the peak bin it would be 61). Edge b: three off-peak bins at 25, fewer than the
        // four needed: its road stretch (Row 0 eastbound: a then b) pools a's six and b's three, sorted 20 25 25 25 30 40
        // 50 60 70: rank 0.85 x 8 = 6.8, 50 + 0.8 x 10 = 58. Edge c (Row 0 westbound, from b's start back to a's):
        // five bins at 25 seen by 3 vehicles each: its own, 25, by default (any vehicles count for free flow); with
        // cells of 5+ vehicles only, its stretch has nothing else and the arterials of its area (the whole small grid
        // lies in one 4 km cell) pool the same nine values as b's stretch, 58.
        int a = Arterials[0], b = Arterials[1], c = Arterials[2];
        var rows = new CellRows();
        int[] hours = [2, 3, 11, 13, 21];
        for (int i = 0; i < hours.Length; i++)
        {
            rows.Add(a, Local(4, hours[i]), 20 + (10 * i));
        }

        rows.Add(a, Local(9, 8), 70);
        rows.Add(a, Local(4, 8), 10);
        foreach (int h in hours[..3])
        {
            rows.Add(b, Local(4, h), 25);
        }

        foreach (int h in hours)
        {
            rows.Add(c, Local(4, h), 25, vehicles: 3);
        }

        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(Grid, rows.Aggregate(), new CongestionOptions());
        FreeFlowSpeeds fiveVehicles = FreeFlowEstimator.Estimate(Grid, rows.Aggregate(), new CongestionOptions { FreeFlowMinVehicles = 5 });

        Assert.InRange(freeFlow.Kmh[a], 62.49, 62.51);
        Assert.Equal(FreeFlowSource.Edge, freeFlow.Sources[a]);
        Assert.InRange(freeFlow.Kmh[b], 57.99, 58.01);
        Assert.Equal(FreeFlowSource.Road, freeFlow.Sources[b]);
        Assert.InRange(freeFlow.Kmh[c], 24.99, 25.01);
        Assert.Equal(FreeFlowSource.Edge, freeFlow.Sources[c]);
        Assert.InRange(fiveVehicles.Kmh[c], 57.99, 58.01);
        Assert.Equal(FreeFlowSource.ClassInArea, fiveVehicles.Sources[c]);
        Assert.Equal(freeFlow.Kmh[a], fiveVehicles.Kmh[a]);
    }

    [Fact]
    public void FreeFlow_FastestHours_HandWorked()
    {
        // Hourly speeds with enough traversals: 00:00-01:00 has two bins at 120 and 40 km/h over equal distances, so
        // its space-mean speed is 2 / (1/120 + 1/40) = 60 (not their average, 80); then 20, 30, 40, 50, 60, 70.
        // 07:00 runs at 100 km/h but has only 3 traversals (4 needed). Mean of the 4 fastest: (70 + 60 + 60 + 50) / 4 = 60.
        int a = Arterials[0], b = Arterials[1];
        var rows = new CellRows();
        rows.Add(a, Local(4, 0), 120);
        rows.Add(a, Local(4, 0) + (15 * 60_000), 40);
        for (int h = 1; h <= 6; h++)
        {
            rows.Add(a, Local(4, h), 10 + (10 * h));
        }

        rows.Add(a, Local(4, 7), 100, vehicles: 3);
        // Edge b: three qualifying hours at 45 km/h (07:00-09:00), fewer than four. Its road stretch (a then b, both
        // 200 m) pools them by hour: 07:00 holds a's 3 traversals at 100 and b's 5 at 45, 8 x 200 m in 3 x 7.2 + 5 x 16 s
        // = 56.69 km/h, and now qualifies. The stretch's fastest four: 70, 60, 60 and 56.69, mean 61.67.
        foreach (int h in new[] { 7, 8, 9 })
        {
            rows.Add(b, Local(4, h), 45);
        }

        var options = new CongestionOptions { FreeFlowMethod = FreeFlowMethod.FastestHours, MinVehicles = 2 };

        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(Grid, rows.Aggregate(), options);

        Assert.InRange(freeFlow.Kmh[a], 59.99, 60.01);
        Assert.Equal(FreeFlowSource.Edge, freeFlow.Sources[a]);
        Assert.InRange(freeFlow.Kmh[b], 61.66, 61.68);
        Assert.Equal(FreeFlowSource.Road, freeFlow.Sources[b]);
    }

    [Fact]
    public void SegmentIndices_HandWorked_TtiCongestionPercentAndLevel()
    {
        // The network's free flow stands (too few bins to estimate): arterial 60 km/h (class default), residential 30
        // (maxspeed). Arterial at 12: TTI 5, +400 %, severe (v <= 15). Arterial at 25: TTI 2.4, +140 %, light
        // (20 < v <= 30). Residential at 36: faster than free flow, TTI 30/36, -16.7 %, free flow (v > 35).
        int slow = Arterials[0], middle = Arterials[1], local = Locals[0];
        var rows = new CellRows();
        rows.Add(slow, Local(4, 8), 12);
        rows.Add(middle, Local(4, 8), 25);
        rows.Add(local, Local(4, 8), 36);
        rows.Add(local, Local(4, 9), 36, vehicles: 4);
        SegmentSpeedTable speeds = rows.Aggregate();

        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, new CongestionOptions());

        int Cell(int edge, int hour) => Enumerable.Range(0, speeds.Count).Single(c => speeds.Edges[c] == edge && speeds.BinStartMs[c] == Local(4, hour));
        Assert.Equal(60f, indices.EdgeFreeFlowKmh[slow]);
        Assert.Equal(30f, indices.EdgeFreeFlowKmh[local]);
        Assert.Equal(5, indices.Tti[Cell(slow, 8)], 3);
        Assert.Equal(400, indices.CongestionPercent(Cell(slow, 8)), 1);
        Assert.Equal(CongestionLevel.Severe, indices.Levels[Cell(slow, 8)]);
        Assert.Equal(2.4, indices.Tti[Cell(middle, 8)], 3);
        Assert.Equal(140, indices.CongestionPercent(Cell(middle, 8)), 1);
        Assert.Equal(CongestionLevel.Light, indices.Levels[Cell(middle, 8)]);
        Assert.Equal(30.0 / 36, indices.Tti[Cell(local, 8)], 3);
        Assert.Equal(-16.7, indices.CongestionPercent(Cell(local, 8)), 1);
        Assert.Equal(CongestionLevel.FreeFlow, indices.Levels[Cell(local, 8)]);
        Assert.False(indices.LowSample[Cell(local, 8)]);
        Assert.True(indices.LowSample[Cell(local, 9)]); // 4 vehicles, 5 needed
    }

    [Theory]
    [InlineData(CongestionLevel.FreeFlow, "free_flow", "free flow", "畅通")]
    [InlineData(CongestionLevel.BasicallyFree, "basically_free", "basically free", "基本畅通")]
    [InlineData(CongestionLevel.Light, "light", "light congestion", "轻度拥堵")]
    [InlineData(CongestionLevel.Moderate, "moderate", "moderate congestion", "中度拥堵")]
    [InlineData(CongestionLevel.Severe, "severe", "severe congestion", "严重拥堵")]
    public void CongestionLevels_NamesInEnglishAndChinese(CongestionLevel level, string code, string english, string chinese)
    {
        Assert.Equal(code, CongestionLevels.Code(level));
        Assert.Equal(english, CongestionLevels.English(level));
        Assert.Equal(chinese, CongestionLevels.Chinese(level));
    }

    [Fact]
    public void TpiScale_AnyValidBreakpoints_NeverFallsAsTheRatioRises()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int points = random.Next(2, 8);
            double[] ratios = [.. Enumerable.Range(0, points).Select(_ => random.NextDouble()).Distinct().Order()];
            double[] indices = [.. Enumerable.Range(0, ratios.Length).Select(_ => random.NextDouble() * 10).Order()];
            if (ratios.Length < 2)
            {
                continue;
            }

            var scale = new TpiScale(ratios, indices);
            double previous = double.NegativeInfinity;
            for (double r = -0.1; r <= 1.1; r += 0.001)
            {
                double tpi = scale.Index(r);
                Assert.True(tpi >= previous - 1e-12, $"TPI fell at R = {r}");
                Assert.InRange(tpi, indices[0], indices[^1]);
                previous = tpi;
            }
        }
    }

    private static long Local(int day, int hour) =>
        new DateTimeOffset(2008, 2, day, hour, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    /// <summary>Cells of whole-edge traversals at a set speed: <c>vehicles</c> vehicles in the bin starting at a time.</summary>
    private sealed class CellRows
    {
        private readonly List<int> _edges = [], _vehicles = [];
        private readonly List<long> _enter = [], _exit = [];
        private readonly List<double> _metres = [];

        public void Add(int edge, long binStart, double kmh, int vehicles = 5)
        {
            double metres = Grid.LengthMetres[edge];
            for (int v = 0; v < vehicles; v++)
            {
                _edges.Add(edge);
                _vehicles.Add(v);
                _enter.Add(binStart + 1000);
                _exit.Add(binStart + 1000 + (long)Math.Round(metres / (kmh / 3.6) * 1000));
                _metres.Add(metres);
            }
        }

        public SegmentSpeedTable Aggregate() =>
            new SegmentSpeedAggregator(Grid.EdgeCount, 15).Aggregate([.. _edges], [.. _vehicles], [.. _enter], [.. _exit], [.. _metres]);
    }
}
