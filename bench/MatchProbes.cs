using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace Bench;

/// <summary>
/// `match-probes &lt;network.arrow&gt; &lt;probes.arrow&gt; [--beam w]`: matches an ingested probe file on one thread and
/// tells where the time goes: fixes per thread-CPU second, and per fix the route searches, the nodes they settle and
/// the cache's answers, overall and by the time gap to the fix before (real feeds such as T-Drive sample every few
/// minutes, where each route search covers kilometres).
/// </summary>
public static class MatchProbes
{
    public static int Run(string[] args)
    {
        RoadNetwork network = RoadNetworkFile.Read(args[0]);
        ProbeTable table = ProbeTable.From(ArrowFiles.ReadAll(args[1]).Batches);
        var options = new MatchOptions { CrsCheckSampleSize = 0, MaxDegreeOfParallelism = 1 };
        BenchArgs.IfGiven(args, "--beam", v => options.BeamLogWidth = v);

        var matcher = new MapMatcher(network, options);
        var work = new TrajectoryMatcher(network, matcher.Index, options);
        var result = new TrajectoryMatch();
        double start = ThreadCpu.Seconds();
        for (int v = 0; v < table.VehicleCount; v++)
        {
            int first = table.VehicleStart[v], length = table.VehicleStart[v + 1] - first;
            work.Match(table.Lon.AsSpan(first, length), table.Lat.AsSpan(first, length), table.TimestampMs.AsSpan(first, length), result);
        }

        double seconds = ThreadCpu.Seconds() - start;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{table.Count:N0} fixes of {table.VehicleCount} vehicles in {seconds:F1} s of thread CPU: {table.Count / seconds:N0} fixes/s on one core; per fix {(double)work.Route.Searches / table.Count:F2} route searches settling {(double)work.Route.Settled / table.Count:F0} nodes, {(double)work.Route.CacheHits / table.Count:F2} from the cache (beam {options.BeamLogWidth})"));
        return 0;
    }
}
