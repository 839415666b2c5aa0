using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using static TrafficEngine.Tests.MapMatching.TestNetworks;

namespace TrafficEngine.Tests.Simulation;

/// <summary>The sparse-against-dense instrument on worked cases, where every reading is known by hand.</summary>
public sealed class SamplingComparisonTests
{
    private const long T0 = 1_202_000_000_000;

    [Fact]
    public void Split_GapsAndRepeatedSeconds_DenseRunsOfEnoughFixes()
    {
        // Seconds: 0 1 1 2 3 | 20 21 | 40 41 42 43 (a gap of 17 s and one of 19 s; the repeated second 1 dropped).
        long[] seconds = [0, 1, 1, 2, 3, 20, 21, 40, 41, 42, 43];
        double[] lon = [.. seconds.Select((_, i) => 116.4 + (i * 1e-4))];
        double[] lat = [.. seconds.Select(_ => 39.9)];

        List<DenseRun> runs = DenseRun.Split("taxi", lon, lat, [.. seconds.Select(s => T0 + (s * 1000))], maxGapSeconds: 10, minFixes: 3);

        Assert.Equal(["taxi#0", "taxi#1"], runs.Select(r => r.Name));
        Assert.Equal([0L, 1, 2, 3], runs[0].TimestampMs.Select(t => (t - T0) / 1000));
        Assert.Equal([lon[0], lon[1], lon[3], lon[4]], runs[0].Lon);
        Assert.Equal([40L, 41, 42, 43], runs[1].TimestampMs.Select(t => (t - T0) / 1000));
        Assert.Equal(3, runs[1].Seconds);
    }

    [Theory]
    [InlineData(0, new[] { 0, 36, 72 })]
    [InlineData(30, new[] { 6, 42, 78 })]
    [InlineData(170, new[] { 34, 70 })]
    public void Subsample_FixNearestEachTarget_UpToTheLastFix(double phaseSeconds, int[] expected)
    {
        // A fix every 5 s over 400 s: the nearest to first + phase + k x 180 s.
        long[] time = [.. Enumerable.Range(0, 81).Select(i => T0 + (i * 5_000L))];
        var run = new DenseRun("r", new double[81], new double[81], time);

        int[] picked = run.Subsample(180, phaseSeconds);

        Assert.Equal(expected, picked);
    }

    /// <summary>
    /// A one-way road of 40 edges 100 m long, all 50 km/h; a vehicle at 10 m/s from x 50, standing 60 s at x 850
    /// (edge 9, 800-900 m) from 80 s to 140 s, on to x 3,450 at 400 s, a fix every second. Sparse fixes at 0, 180 and
    /// 360 s (x 50, 1,250, 3,050): the first pair drives 1,200 m in 180 s, 15 s on each whole edge 2 .. 12 (dense:
    /// 10 s, edge 9 70 s); edge 13 takes 7.5 s from it and 5 s from the second pair (1,800 m in 180 s: 10 s on each of
    /// edges 14 .. 30, as dense). Ratios: 10 edges at 1.5, one at 15 / 70, one at 1.25, 17 at 1; totals 347.5 s
    /// against 350 s.
    /// </summary>
    [Fact]
    public void Run_StandingInsideASparsePair_SpreadOverItsEdgesWhileTheTotalHolds()
    {
        RoadNetworkBuilder b = Builder([.. Enumerable.Range(0, 41).Select(i => ((long)i, i * 100.0, 0.0))]);
        for (int i = 0; i < 40; i++)
        {
            Edge(b, i + 1, i, i + 1, "primary", 50);
        }

        RoadNetwork network = b.Build();
        long[] time = [.. Enumerable.Range(0, 401).Select(s => T0 + (s * 1000L))];
        double[] x = [.. Enumerable.Range(0, 401).Select(s => s <= 80 ? 50 + (10.0 * s) : s <= 140 ? 850 : 850 + (10.0 * (s - 140)))];
        var run = new DenseRun("one", [.. x.Select(Lon)], [.. x.Select(_ => Lat(0))], time);

        SamplingComparison c = SamplingComparison.Run(network, [run], 180, [0], new MatchOptions { CrsCheckSampleSize = 0 },
            new MatchOptions { CrsCheckSampleSize = 0, StayMinSeconds = 0 });

        Assert.Equal(29, c.Edges.Count); // edges 2 .. 30 (1 and 31 are partial)
        Assert.Equal(347.5 / 350, c.TotalRatio, 4);
        Assert.Equal(15.0 / 70, c.Edges.Single(e => network.EdgeIds[e.Edge] == 9).Ratio, 3);
        Assert.Equal(10, c.Edges.Count(e => Math.Abs(e.Ratio - 1.5) < 1e-3));
        Assert.Equal(1.25, c.Edges.Single(e => network.EdgeIds[e.Edge] == 13).Ratio, 3);
        (double q1, double median, double q3) = c.EdgeQuartiles;
        Assert.Equal(1, q1, 3);
        Assert.Equal(1, median, 3);
        Assert.Equal(1.5, q3, 3);
        Assert.Equal(2, c.Pairs.Count);
        Assert.Equal((12, 177.5, 180.0, 60.0), (c.Pairs[0].Edges, Math.Round(c.Pairs[0].SparseSeconds, 3), Math.Round(c.Pairs[0].DenseSeconds, 3),
            c.Pairs[0].DenseStandingSeconds));
        Assert.Equal((17, 0.0), (c.Pairs[1].Edges, c.Pairs[1].DenseStandingSeconds));
        Assert.Equal(1, c.Pairs[1].Ratio, 3);
        Assert.All(c.Pairs, p => Assert.Equal("read", p.Reading));
        // Metres inside a window are linear in time within a traversal: edge 13's joined sparse pass (12.5 s) puts 60 m
        // of its 100 in the first pair's 7.5 s, so 50 + 1,100 + 60.
        Assert.Equal(1210, c.Pairs[0].SparseMetres, 3);
        Assert.Equal(1200, c.Pairs[0].DenseMetres, 3);
    }
}
