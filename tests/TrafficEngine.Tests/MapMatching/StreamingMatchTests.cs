using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Publishing;
using TrafficEngine.Simulation;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>The streaming match and congestion: partitions change nothing; a cancelled run leaves no file behind.</summary>
public sealed class StreamingMatchTests
{
    private static readonly TrafficEngine.Geo.RoadNetwork Grid = RandomGrid.Create(12, 200, 1);

    [Fact]
    public void Match_SmallPartitions_SameRowsAsOnePartition()
    {
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 40, Seed = 4, MinTripMetres = 500, MaxTripMetres = 3_000 });
        RecordBatch probes = fleet.ToProbeBatch();
        var whole = new MapMatcher(Grid, new MatchOptions { CrsCheckSampleSize = 0 });
        var parts = new MapMatcher(Grid, new MatchOptions { CrsCheckSampleSize = 0 }) { PartitionFixes = 50 };

        MatchResult one = whole.Match([probes]);
        MatchResult many = parts.Match([probes]);

        Assert.True(many.Traversals.Count > 3, $"{many.Traversals.Count} traversal batches");
        Assert.Equal(Rows(one.Traversals), Rows(many.Traversals));
        Assert.Equal(Rows(one.Points), Rows(many.Points));
        Assert.Equal(one.Report.MedianDistanceMetres, many.Report.MedianDistanceMetres);
        Assert.Equal(one.Report.TraversalsWritten, many.Report.TraversalsWritten);
    }

    [Fact]
    public void Match_CancelledAfterThePartition_ThrowsAndLeavesNoOutputNorTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("traffic-cancel-").FullName;
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 40, Seed = 4, MinTripMetres = 500, MaxTripMetres = 3_000 });
        var matcher = new MapMatcher(Grid, new MatchOptions { CrsCheckSampleSize = 0 }) { PartitionFixes = 50 };
        using var cancel = new CancellationTokenSource();
        long reported = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var traversals = new ArrowFileSink(Path.Combine(folder, "traversals.arrow"), MatchSchema.Traversals());
            using var points = new ArrowFileSink(Path.Combine(folder, "points.arrow"), MatchSchema.Points());
            matcher.Match([fleet.ToProbeBatch()], traversals, points, new Synchronous(f =>
            {
                reported = f;
                cancel.Cancel();
            }), cancel.Token);
            traversals.Complete();
            points.Complete();
        });

        Assert.InRange(reported, 1, fleet.FixCount - 1); // stopped mid-run, after the first partition
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Directory.Delete(folder);
    }

    [Fact]
    public void Analyze_Cancelled_LeavesNoTemporaryFiles()
    {
        string folder = Directory.CreateTempSubdirectory("traffic-cancel-").FullName;
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 20, Seed = 4, MinTripMetres = 500, MaxTripMetres = 3_000 });
        MatchResult matched = new MapMatcher(Grid, new MatchOptions { CrsCheckSampleSize = 0 }).Match([fleet.ToProbeBatch()]);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            CongestionAnalyzer.Analyze(Grid, matched.Traversals, new CongestionOptions(), tempFolder: folder, cancel: cancel.Token));

        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Directory.Delete(folder);
    }

    private static List<string> Rows(IReadOnlyList<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i =>
            string.Join('|', b.Arrays.Select(c => c.IsNull(i) ? "null" : Convert.ToString(ArrowArrays.GetValue(c, i), System.Globalization.CultureInfo.InvariantCulture))))).ToList();

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Synchronous(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
