using System.Diagnostics;
using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `match-accuracy`: simulated fleets on the real Beijing and Shenzhen networks (fastest-path trips, Gaussian noise,
/// fixes every 10/30/60/120 s), matched by the HMM and by nearest-edge snapping (each fix to its nearest edge, the
/// snapped edges joined by shortest paths), scored by route mismatch fraction and fixes on the true directed edge.
/// Options: --network beijing|shenzhen|both, --intervals 10,30,60,120, --vehicles 300, --seed 11, --noise 20,
/// --sigma, --beta, --radius, --candidates, --speed-factor, --class-preference, --beam (matcher overrides, for
/// parameter sweeps).
/// </summary>
public static class MatchAccuracy
{
    public static int Run(string[] args)
    {
        string networks = BenchArgs.Get(args, "--network", "both");
        double[] intervals = BenchArgs.Get(args, "--intervals", "10,30,60,120").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int vehicles = BenchArgs.GetInt32(args, "--vehicles", 300);
        int seed = BenchArgs.GetInt32(args, "--seed", 11);
        double noise = BenchArgs.GetDouble(args, "--noise", 20);
        var options = new MatchOptions { CrsCheckSampleSize = 0 };
        BenchArgs.IfGiven(args, "--sigma", v => options.SigmaMetres = v);
        BenchArgs.IfGiven(args, "--beta", v => options.BetaMetres = v);
        BenchArgs.IfGiven(args, "--radius", v => options.RadiusMetres = v);
        BenchArgs.IfGiven(args, "--candidates", v => options.MaxCandidates = (int)v);
        BenchArgs.IfGiven(args, "--speed-factor", v => options.SpeedFactor = v);
        BenchArgs.IfGiven(args, "--class-preference", v => options.ClassPreference = v);
        BenchArgs.IfGiven(args, "--beam", v => options.BeamLogWidth = v);

        Console.WriteLine($"// match accuracy: {vehicles} vehicles per run, noise {noise} m, seed {seed}; sigma {options.SigmaMetres}, beta {options.BetaMetres}, radius {options.RadiusMetres}, candidates {options.MaxCandidates}");
        Console.WriteLine("| network | interval | fixes | HMM route mismatch | HMM fixes on true edge | HMM matched | snapping route mismatch | snapping fixes on true edge | HMM fixes/s (all threads) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (string name in networks == "both" ? ["beijing", "shenzhen"] : new[] { networks })
        {
            RoadNetwork network = Load(name);
            var matcher = new MapMatcher(network, options);
            foreach (double interval in intervals)
            {
                SimulatedFleet fleet = TraceSimulator.Simulate(network, new TraceSimulationOptions
                {
                    Vehicles = vehicles,
                    IntervalSeconds = interval,
                    NoiseMetres = noise,
                    Seed = seed,
                });
                var clock = Stopwatch.StartNew();
                MatchScore hmm = MatchEvaluation.ScoreHmm(matcher, fleet);
                double seconds = clock.Elapsed.TotalSeconds;
                MatchScore snap = MatchEvaluation.ScoreSnapping(matcher, fleet);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {interval} s | {fleet.FixCount:N0} | {hmm.RouteMismatchFraction:P1} | {hmm.FixesOnTrueEdge:P1} | {hmm.FixesMatched:P1} | {snap.RouteMismatchFraction:P1} | {snap.FixesOnTrueEdge:P1} | {fleet.FixCount / seconds:N0} |"));
            }
        }

        return 0;
    }

    /// <summary>Loads a shared network through the engine's importer, service roads included.</summary>
    public static RoadNetwork Load(string name)
    {
        NetworkImportOptions import = name switch
        {
            "beijing" => new NetworkImportOptions
            {
                Input = BenchData.SharedFile("osm_beijing_road_network/edges.csv"),
                Nodes = BenchData.SharedFile("osm_beijing_road_network/nodes.csv"),
                IncludeService = true,
            },
            "shenzhen" => new NetworkImportOptions { Input = BenchData.SharedFile("osm_shenzhen_futian_graph/G.graphml"), IncludeService = true },
            _ => throw new ArgumentException($"Unknown network '{name}' (beijing or shenzhen)."),
        };
        return NetworkImporter.Import(import).Network;
    }
}
