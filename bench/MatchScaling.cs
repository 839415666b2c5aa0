using System.Diagnostics;
using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;

namespace Bench;

/// <summary>
/// `match-scaling`: how HMM matching cost grows (issue 3 §4).
/// <list type="bullet">
/// <item>Network size: the same simulated Beijing fleet (30 s, 20 m noise) matched on one thread on the Beijing network
/// and on a network twice as large (the Beijing network plus a copy of it shifted east beside it), by thread CPU time
/// per fix, best of --repeat runs, the two alternating.</item>
/// <item>Volume: the fleet replicated (each copy its own vehicles, later in time) to 100k, 1M and 10M fixes, matched
/// on every core; fixes per second at each size and the process's peak working set.</item>
/// </list>
/// Options: --vehicles 1000, --repeat 5, --max-fixes 10000000, --beam (the matcher's beam width).
/// </summary>
public static class MatchScaling
{
    public static int Run(string[] args)
    {
        int vehicles = BenchArgs.GetInt32(args, "--vehicles", 1000);
        int repeat = BenchArgs.GetInt32(args, "--repeat", 5);
        long maxFixes = BenchArgs.GetInt64(args, "--max-fixes", 10_000_000);

        RoadNetwork network = BeijingEdgeCsv.Network;
        RoadNetwork doubled = Doubled(network);
        SimulatedFleet fleet = TraceSimulator.Simulate(network, new TraceSimulationOptions { Vehicles = vehicles, IntervalSeconds = 30, NoiseMetres = 20, Seed = 5 });
        var options = new MatchOptions { CrsCheckSampleSize = 0, MaxDegreeOfParallelism = 1 };
        BenchArgs.IfGiven(args, "--beam", v => options.BeamLogWidth = v);

        var single = new MapMatcher(network, options);
        var twice = new MapMatcher(doubled, options);
        Console.WriteLine($"// fleet {fleet.VehicleCount} vehicles, {fleet.FixCount} fixes; networks {network.EdgeCount} and {doubled.EdgeCount} edges, {single.Index.SegmentCount} and {twice.Index.SegmentCount} indexed segments");

        double bestSingle = double.PositiveInfinity, bestTwice = double.PositiveInfinity;
        for (int r = 0; r < repeat; r++)
        {
            bestSingle = Math.Min(bestSingle, OneThread(single, fleet));
            bestTwice = Math.Min(bestTwice, OneThread(twice, fleet));
        }

        Console.WriteLine("| network | edges | thread CPU per fix | fixes/s (one core) |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Beijing | {network.EdgeCount:N0} | {bestSingle * 1e6 / fleet.FixCount:F1} µs | {fleet.FixCount / bestSingle:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Beijing x2 | {doubled.EdgeCount:N0} | {bestTwice * 1e6 / fleet.FixCount:F1} µs | {fleet.FixCount / bestTwice:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// cost per fix, twice the network / the network: {bestTwice / bestSingle:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// candidate search alone ({options.MaxCandidates} nearest within {options.RadiusMetres} m): {CandidatesPerSecond(single, fleet, repeat):N0} fixes/s on one core"));
        var work = new TrajectoryMatcher(network, single.Index, options);
        var result = new TrajectoryMatch();
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            int first = fleet.FixOffsets[v], length = fleet.FixOffsets[v + 1] - first;
            work.Match(fleet.Lon.AsSpan(first, length), fleet.Lat.AsSpan(first, length), fleet.TimestampMs.AsSpan(first, length), result);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// per fix: {(double)work.Route.Searches / fleet.FixCount:F2} route searches settling {(double)work.Route.Settled / fleet.FixCount:F0} nodes, {(double)work.Route.CacheHits / fleet.FixCount:F2} answered from the cache"));

        var all = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 });
        Console.WriteLine();
        Console.WriteLine($"| fixes | copies of the fleet | wall time | fixes/s ({Environment.ProcessorCount} threads) | peak working set |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (long target in (long[])[100_000, 1_000_000, 10_000_000])
        {
            if (target > maxFixes)
            {
                break;
            }

            int copies = (int)Math.Max(1, (target + fleet.FixCount - 1) / fleet.FixCount);
            long fixes = (long)copies * fleet.FixCount;
            long traversals = 0;
            var clock = Stopwatch.StartNew();
            Parallel.For(0, (long)copies * fleet.VehicleCount, () => (Match: new TrajectoryMatch(), Count: 0L), (job, _, state) =>
            {
                int v = (int)(job % fleet.VehicleCount);
                long shiftMs = job / fleet.VehicleCount * 86_400_000L;
                int start = fleet.FixOffsets[v], length = fleet.FixOffsets[v + 1] - start;
                var time = new long[length];
                for (int i = 0; i < length; i++)
                {
                    time[i] = fleet.TimestampMs[start + i] + shiftMs;
                }

                all.MatchTrajectory(fleet.Lon.AsSpan(start, length), fleet.Lat.AsSpan(start, length), time, state.Match);
                return (state.Match, state.Count + state.Match.Traversals.Count);
            }, state => Interlocked.Add(ref traversals, state.Count));
            double seconds = clock.Elapsed.TotalSeconds;
            Process.GetCurrentProcess().Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {fixes:N0} | {copies} | {seconds:F1} s | {fixes / seconds:N0} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB |"));
        }

        return 0;
    }

    /// <summary>Fixes per thread-CPU second of the candidate query alone, best of the repeats (each over every fix 20 times).</summary>
    private static double CandidatesPerSecond(MapMatcher matcher, SimulatedFleet fleet, int repeat)
    {
        double[] x = fleet.Lon.Select(matcher.Index.Projection.X).ToArray(), y = fleet.Lat.Select(matcher.Index.Projection.Y).ToArray();
        var candidates = new MatchCandidate[matcher.Options.MaxCandidates];
        var scratch = new MatchCandidate[64];
        double best = double.PositiveInfinity;
        long found = 0;
        for (int r = 0; r < repeat; r++)
        {
            double start = ThreadCpu.Seconds();
            for (int pass = 0; pass < 20; pass++)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    found += matcher.Index.Query(x[i], y[i], matcher.Options.RadiusMetres, candidates, scratch);
                }
            }

            best = Math.Min(best, ThreadCpu.Seconds() - start);
        }

        return found > 0 ? 20.0 * x.Length / best : 0;
    }

    /// <summary>Thread CPU seconds to match every vehicle of the fleet once on the calling thread.</summary>
    private static double OneThread(MapMatcher matcher, SimulatedFleet fleet)
    {
        var result = new TrajectoryMatch();
        double start = ThreadCpu.Seconds();
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            int first = fleet.FixOffsets[v], length = fleet.FixOffsets[v + 1] - first;
            matcher.MatchTrajectory(fleet.Lon.AsSpan(first, length), fleet.Lat.AsSpan(first, length), fleet.TimestampMs.AsSpan(first, length), result);
        }

        return ThreadCpu.Seconds() - start;
    }

    /// <summary>The network and a copy of it shifted east by its own width plus 1 km: twice the edges, nodes and area.</summary>
    public static RoadNetwork Doubled(RoadNetwork network)
    {
        BoundingBox extent = network.Extent() ?? throw new ArgumentException("The network is empty.", nameof(network));
        double shift = extent.MaxLon - extent.MinLon + 0.012;
        long nodeOffset = network.NodeIds.ToArray().Max() + 1, edgeOffset = network.EdgeIds.ToArray().Max() + 1;
        var builder = new RoadNetworkBuilder();
        for (int copy = 0; copy < 2; copy++)
        {
            for (int n = 0; n < network.NodeCount; n++)
            {
                builder.AddNode(network.NodeIds[n] + (copy * nodeOffset), network.NodeLon[n] + (copy * shift), network.NodeLat[n]);
            }

            for (int e = 0; e < network.EdgeCount; e++)
            {
                double[] lon = network.EdgeLon(e).ToArray();
                for (int i = 0; i < lon.Length; i++)
                {
                    lon[i] += copy * shift;
                }

                builder.AddEdge(network.EdgeIds[e] + (copy * edgeOffset), network.SourceIds[e],
                    network.NodeIds[network.EdgeFrom[e]] + (copy * nodeOffset), network.NodeIds[network.EdgeTo[e]] + (copy * nodeOffset),
                    network.HighwayOf(e), network.NameOf(e), network.Lanes[e], network.FreeFlowKmh[e], lon, network.EdgeLat(e));
            }
        }

        return builder.Build();
    }
}
