using System.Globalization;
using Apache.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Publishing;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `free-flow-accuracy [--fleet 900x180o] [--days 4] [--seed N]`: free-flow speeds against the truth of a known
/// congestion field. Simulates consecutive workdays under one field (the same free flow and hot spots, other trips
/// each day), publishes every day but the last as segment_speeds.arrow, then estimates the last day's free flow
/// with and without that history, with cells of 5+ vehicles (the k rule) and of any vehicles (the default). Prints per run and
/// source the edges and the median absolute error of the free-flow speed in % of the truth, and over all edges the
/// error weighted by the last day's vehicle-kilometres (what the day's TTI rests on).
/// </summary>
internal static class FreeFlowAccuracyBench
{
    public static int Run(string[] args)
    {
        string fleet = BenchArgs.Get(args, "--fleet", "900x180o");
        int days = BenchArgs.GetInt32(args, "--days", 4);
        int seed = BenchArgs.GetInt32(args, "--seed", 1);
        RoadNetwork network = MatchAccuracy.Load("beijing");
        string[] parts = fleet.TrimEnd('o').Split('x');
        string folder = Directory.CreateTempSubdirectory("traffic-freeflow-bench-").FullName;
        try
        {
            var history = new List<string>();
            IReadOnlyList<RecordBatch> last = [];
            CongestionField? field = null;
            for (int d = 0; d < days; d++)
            {
                var options = new CongestionFieldOptions
                {
                    Vehicles = int.Parse(parts[0], CultureInfo.InvariantCulture),
                    IntervalSeconds = double.Parse(parts[1], CultureInfo.InvariantCulture),
                    OccupiedFlag = fleet.EndsWith('o'),
                    Seed = seed,
                    TrafficSeed = Seeds.Mix(seed, 1000 + d),
                    Day = new DateOnly(2008, 2, 18).AddDays(d), // Monday 2008-02-18 onwards
                };
                CongestionDay day = CongestionFieldSimulator.Simulate(network, options);
                field = day.Field;
                MatchResult matched = new MapMatcher(network, new MatchOptions()).Match([day.ToProbeBatch()]);
                if (d < days - 1)
                {
                    CongestionResult result = CongestionAnalyzer.Analyze(network, matched.Traversals, new CongestionOptions());
                    string path = Path.Combine(folder, $"day{d}", SpeedHistory.FileName);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    SegmentSpeedsFile.Write(path, result);
                    history.Add(path);
                    Console.Error.WriteLine($"day {options.Day}: {day.FixCount:N0} fixes, {result.Speeds.Count:N0} cells");
                }
                else
                {
                    last = matched.Traversals;
                }
            }

            Console.WriteLine($"| fleet | cells from | history | source | edges | median abs. error | median error | VKT-weighted abs. error |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (int minVehicles in new[] { 5, 1 })
            {
                foreach (bool withHistory in new[] { false, true })
                {
                    var options = new CongestionOptions { FreeFlowMinVehicles = minVehicles };
                    CongestionResult result = CongestionAnalyzer.Analyze(network, last, options,
                        history: withHistory ? history : null);
                    string cells = $"{minVehicles}+ vehicles";
                    if (minVehicles == 5 && !withHistory)
                    {
                        // Before the fallback chain: an edge's own data, else the network's speed.
                        FreeFlowSource[] own = [.. result.Indices.EdgeFreeFlowSource.Select(x => x == FreeFlowSource.Edge ? x : FreeFlowSource.Network)];
                        float[] before = [.. Enumerable.Range(0, network.EdgeCount).Select(e =>
                            own[e] == FreeFlowSource.Edge ? result.Indices.EdgeFreeFlowKmh[e] : network.FreeFlowKmh[e])];
                        Score(fleet, cells + ", before: own data or network", "none", network, field!, result, before, own);
                    }

                    Score(fleet, cells, withHistory ? $"{days - 1} days" : "none", network, field!, result, result.Indices.EdgeFreeFlowKmh,
                        result.Indices.EdgeFreeFlowSource);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static void Score(string fleet, string cells, string history, RoadNetwork network, CongestionField field, CongestionResult result,
        float[] freeFlowKmh, FreeFlowSource[] sources)
    {
        var vkt = new double[network.EdgeCount];
        for (int c = 0; c < result.Speeds.Count; c++)
        {
            vkt[result.Speeds.Edges[c]] += result.Speeds.Vkt(c);
        }

        double weighted = 0, weights = 0;
        var errors = new List<double>[FreeFlowSources.Count];
        for (int s = 0; s < errors.Length; s++)
        {
            errors[s] = [];
        }

        for (int e = 0; e < network.EdgeCount; e++)
        {
            double error = (freeFlowKmh[e] - field.FreeFlowKmh(e)) / field.FreeFlowKmh(e);
            errors[(int)sources[e]].Add(error);
            weighted += vkt[e] * Math.Abs(error);
            weights += vkt[e];
        }

        for (int s = 0; s < errors.Length; s++)
        {
            List<double> signed = errors[s];
            if (signed.Count == 0)
            {
                continue;
            }

            List<double> absolute = [.. signed.Select(Math.Abs).Order()];
            signed.Sort();
            string all = s == 0 ? string.Create(CultureInfo.InvariantCulture, $"{weighted / weights * 100:F1} %") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {fleet} | {cells} | {history} | {FreeFlowSources.Code((FreeFlowSource)s)} | {signed.Count:N0} | {absolute[absolute.Count / 2] * 100:F1} % | {signed[signed.Count / 2] * 100:+0.0;-0.0} % | {all} |"));
        }
    }
}
