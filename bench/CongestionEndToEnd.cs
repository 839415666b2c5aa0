using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Publishing;

namespace Bench;

/// <summary>
/// `congestion-e2e`: one day of the T-Drive development set (Monday 2008-02-04, 850 taxis) from the raw CSV to the
/// published indices, timing each stage: network import from the edge CSV, probe ingest (parse, clean, pseudonymise,
/// sort), map matching (all cores), congestion analysis (aggregation, indices, reliability) and publication. After the
/// table, not counted in it: the congestion stage's gathering of the traversal columns and its aggregation, timed again
/// on their own, the aggregation both in the matcher's order (vehicle, then time) and with the same rows time-ordered.
/// </summary>
public static class CongestionEndToEnd
{
    public static int Run(string[] args)
    {
        _ = args;
        var stages = new List<(string Name, double Seconds, string Detail)>();
        var clock = Stopwatch.StartNew();

        (RoadNetwork network, NetworkImportReport networkReport) = NetworkImporter.Import(new NetworkImportOptions
        {
            Input = BenchData.SharedFile("osm_beijing_road_network/edges.csv"),
            Nodes = BenchData.SharedFile("osm_beijing_road_network/nodes.csv"),
            IncludeService = true,
        });
        stages.Add(("network import (edge CSV)", clock.Elapsed.TotalSeconds, $"{network.EdgeCount:N0} edges"));

        clock.Restart();
        MemoryBatchSink? sink = null;
        var options = new ProbeIngestOptions
        {
            Inputs = [BenchData.TDriveFile()],
            Format = ProbeFormat.TDrive,
            BoundingBox = network.Extent(),
            FromUtcMs = new DateTimeOffset(2008, 2, 4, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds(),
            ToUtcMs = new DateTimeOffset(2008, 2, 5, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds(),
            Pseudonymizer = new Pseudonymizer(PseudonymKey.Parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")),
        };
        IngestReport ingest = ProbeIngestAnalyzer.Run(options, schema => sink = new MemoryBatchSink(schema));
        stages.Add(("probe ingest (whole CSV, one day kept)", clock.Elapsed.TotalSeconds, $"{ingest.RowsRead:N0} read, {ingest.RowsKept:N0} kept"));

        clock.Restart();
        MatchResult matched = new MapMatcher(network, new MatchOptions()).Match(sink!.Batches);
        stages.Add(("map matching", clock.Elapsed.TotalSeconds,
            $"{matched.Report.Fixes:N0} fixes, {matched.Report.MatchedPercent:F1} % matched, {matched.Report.TraversalsWritten:N0} traversals, {matched.Report.Threads} threads"));

        clock.Restart();
        CongestionResult congestion = CongestionAnalyzer.Analyze(network, matched.Traversals, new CongestionOptions());
        stages.Add(("congestion analysis", clock.Elapsed.TotalSeconds, $"{congestion.Report.Cells:N0} cells, {congestion.Report.Bins} city bins"));

        clock.Restart();
        string folder = Path.Combine(Path.GetTempPath(), $"traffic-congestion-e2e-{Environment.ProcessId}");
        try
        {
            CongestionPublisher.Publish(congestion, folder);
            stages.Add(("publication (7 files)", clock.Elapsed.TotalSeconds, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        IReadOnlyList<string> parts = CongestionParts(network, matched.Traversals);
        double total = stages.Sum(s => s.Seconds);
        Console.WriteLine($"congestion-e2e: one T-Drive day, CSV to indices, {total:F1} s in all (machine load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine("| stage | seconds | share | detail |");
        Console.WriteLine("|---|---|---|---|");
        foreach ((string name, double seconds, string detail) in stages)
        {
            Console.WriteLine($"| {name} | {seconds:F2} | {seconds / total * 100:F1} % | {detail} |");
        }

        foreach (string part in parts)
        {
            Console.WriteLine(part);
        }

        return 0;
    }

    /// <summary>Parts of the congestion stage on their own: gathering the columns, and the aggregation in two orders (best of 3).</summary>
    private static List<string> CongestionParts(RoadNetwork network, IReadOnlyList<RecordBatch> traversals)
    {
        var options = new CongestionOptions();
        var clock = Stopwatch.StartNew();
        TraversalColumns rows = TraversalColumns.Gather(network, traversals);
        double gather = clock.Elapsed.TotalSeconds;
        var aggregator = new SegmentSpeedAggregator(network.EdgeCount, options.BinMinutes, options.MinTraversalSpeedKmh, options.MaxTraversalSpeedKmh);
        double matcherOrder = Best(() => aggregator.Aggregate(rows.Edges, rows.Vehicles, rows.EnterMs, rows.ExitMs, rows.Metres));
        int[] byTime = [.. Enumerable.Range(0, rows.Edges.Length).OrderBy(i => rows.EnterMs[i])];
        int[] edges = [.. byTime.Select(i => rows.Edges[i])];
        int[] vehicles = [.. byTime.Select(i => rows.Vehicles[i])];
        long[] enter = [.. byTime.Select(i => rows.EnterMs[i])];
        long[] exit = [.. byTime.Select(i => rows.ExitMs[i])];
        double[] metres = [.. byTime.Select(i => rows.Metres[i])];
        double timeOrder = Best(() => aggregator.Aggregate(edges, vehicles, enter, exit, metres));
        int n = rows.Edges.Length;
        return
        [
            $"congestion stage, parts on their own: gather {n:N0} traversal rows (edge lookup, vehicle numbering) {gather * 1000:F0} ms;",
            $"aggregation in the matcher's order (vehicle, then time) {matcherOrder * 1000:F1} ms ({n / matcherOrder / 1e6:F1} M rows/s),",
            $"the same rows time-ordered {timeOrder * 1000:F1} ms ({n / timeOrder / 1e6:F1} M rows/s); best of 3 each",
        ];
    }

    private static double Best(Action action)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}
