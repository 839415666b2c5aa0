using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// Issue 10 §3: traversal speeds read from 180 s sampling against those read from dense sampling of the same real
/// trips. The trips: the dense runs of the T-Drive development subset (<see cref="TDriveDenseRuns"/>: 20 runs, 2,368
/// fixes, 3.0 hours; the 13 runs of taxi 9288 are trips through the city at 1-10 s, mostly 5 s; the 7 of taxi 5316
/// are the taxi parked outside the network at 116.657 E, 40.104 N and compare nothing). What is compared
/// (<see cref="SamplingComparison"/>):
/// <list type="bullet">
/// <item>the dense reading: each run matched at full density with the engine's defaults but no stays, so every second
/// the vehicle stood in traffic is on the edge where it stood; it is the truth for the stretch of road a sparse pair
/// covers, because the sparse fixes are dense fixes and the dense reading times each edge between fixes seconds
/// apart;</item>
/// <item>the sparse reading: the same run subsampled at 180 s (the fix nearest each t0 + phase + k x 180 s) for phases
/// 0, 30, ..., 150 s, matched with the engine's defaults, as a T-Drive feed would be;</item>
/// <item>on every edge both readings drove whole (fraction 0.999 or more; the dense pass nearest in time, within 180 s,
/// each dense pass once): the seconds each gives it. Total = sum of sparse seconds / sum of dense seconds; per edge
/// ratio = sparse / dense seconds.</item>
/// </list>
/// Measured on 2026-12-04 (`dotnet run -c Release --project bench -- sampling-check`): 910 edges compared (261 km),
/// total 1.021; per-edge ratio quartiles 0.882 / 1.061 / 1.402, per sparse pair (170 pairs) 0.955 / 1.003 / 1.192. The
/// total meets the bar, the upper quartile does not. The cause is standing inside a sparse pair: on the 451 edges of
/// pairs in which the dense fixes stand under 10 s, the quartiles are 0.864 / 0.993 / 1.088 (total 0.988); on the 222
/// edges of pairs standing 10-60 s, 0.870 / 1.215 / 1.447; on the 237 of pairs standing 60 s or more (red lights and
/// queues, 9288's runs #4, #7 and #8 around 16:50 and 18:30-19:00), 0.985 / 1.703 / 2.246. A pair that stood 100 s
/// at one light gives that time to every edge of its route in proportion to free-flow time, so the edges it drove
/// read slow (ratio 2-4) and the edge it stood on reads fast (0.3); the total holds because the time stays in the
/// pair.
/// </summary>
public sealed class SparseSamplingRealDataTests
{
    private static readonly double[] Phases = [0, 30, 60, 90, 120, 150];

    private static readonly Lazy<SamplingComparison> Comparison = new(() =>
        SamplingComparison.Run(BeijingEdgeCsv.Network, TDriveDenseRuns.Runs, 180, Phases, new MatchOptions(), new MatchOptions { StayMinSeconds = 0 }));

    private readonly ITestOutputHelper _output;

    public SparseSamplingRealDataTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SparseAgainstDense_TDriveDenseRuns_TotalTravelTimeWithinFivePercent()
    {
        IReadOnlyList<DenseRun> runs = TDriveDenseRuns.Runs;

        SamplingComparison c = Comparison.Value;

        Write(c);
        Assert.Equal(20, runs.Count);
        Assert.Equal(13, runs.Count(r => r.Name.StartsWith("9288#", StringComparison.Ordinal)));
        Assert.InRange(runs.Sum(r => r.Seconds) / 3600, 2.9, 3.1);
        Assert.True(c.Edges.Count >= 600, $"{c.Edges.Count} edges compared");
        Assert.InRange(c.TotalRatio, 0.95, 1.05);
        // Where the vehicle does not stand inside the sparse pair, the per-edge reading meets the quartile bar too.
        (double q1, _, double q3) = Quartiles(c, p => p.DenseStandingSeconds < 10);
        Assert.InRange(q1, 0.85, 1.15);
        Assert.InRange(q3, 0.85, 1.15);
    }

    /// <summary>
    /// The issue's quartile bar (0.85-1.15) is not met yet on every edge: standing at lights and in queues inside a 180 s
    /// pair is spread over the pair's edges (class comment). This holds what is met today so that it cannot get worse
    /// unnoticed: the lower quartile and the median within the bar, the upper quartile at most 1.45 (measured 1.402), and
    /// per sparse pair the quartiles within 0.9-1.25 (measured 0.955 / 1.003 / 1.192).
    /// </summary>
    [Fact]
    public void SparseAgainstDense_TDriveDenseRuns_EdgeRatioQuartilesHeldWhereMet()
    {
        SamplingComparison c = Comparison.Value;

        (double q1, double median, double q3) = c.EdgeQuartiles;
        (double p1, double pm, double p3) = c.PairQuartiles;

        Write(c);
        Assert.InRange(q1, 0.85, 1.15);
        Assert.InRange(median, 0.85, 1.15);
        Assert.InRange(q3, 0.85, 1.45);
        Assert.InRange(p1, 0.9, 1.25);
        Assert.InRange(pm, 0.9, 1.25);
        Assert.InRange(p3, 0.9, 1.25);
    }

    private static (double Q1, double Median, double Q3) Quartiles(SamplingComparison c, Func<SampledPair, bool> keep)
    {
        var pairs = c.Pairs.Where(keep).Select(p => (p.Run, p.PhaseSeconds, p.Pair)).ToHashSet();
        double[] ratios = [.. c.Edges.Where(e => pairs.Contains((e.Run, e.PhaseSeconds, e.Pair))).Select(e => e.Ratio).Order()];
        return (TrafficEngine.Congestion.Percentiles.OfSorted(ratios, 0.25), TrafficEngine.Congestion.Percentiles.OfSorted(ratios, 0.5),
            TrafficEngine.Congestion.Percentiles.OfSorted(ratios, 0.75));
    }

    private void Write(SamplingComparison c)
    {
        (double q1, double median, double q3) = c.EdgeQuartiles;
        (double p1, double pm, double p3) = c.PairQuartiles;
        (double s1, double sm, double s3) = Quartiles(c, p => p.DenseStandingSeconds < 10);
        _output.WriteLine(FormattableString.Invariant($"{c.Edges.Count} edges compared; total sparse/dense {c.TotalRatio:F3}"));
        _output.WriteLine(FormattableString.Invariant($"per edge {q1:F3} / {median:F3} / {q3:F3}; per pair {p1:F3} / {pm:F3} / {p3:F3}"));
        _output.WriteLine(FormattableString.Invariant($"pairs standing under 10 s: per edge {s1:F3} / {sm:F3} / {s3:F3}"));
    }
}
