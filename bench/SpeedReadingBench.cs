using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `speed-reading [--fleet 900x180] [--seed N] [--min-directness X] [--wander-window S] [--no-wander] [--flag]`: where the
/// speeds read from a simulated day go wrong. Every traversal of at least 50 m is compared with the field's truth on
/// its edge at its middle time (time read / time at the field's speed), grouped by what the taxi was doing at the
/// two fixes of the pair it came from (fare, to a fare, cruising, standing). Prints a markdown table.
/// </summary>
internal static class SpeedReadingBench
{
    public static int Run(string[] args)
    {
        string[] parts = BenchArgs.Get(args, "--fleet", "900x180").Split('x');
        int seed = int.Parse(BenchArgs.Get(args, "--seed", "1"), CultureInfo.InvariantCulture);
        RoadNetwork network = MatchAccuracy.Load("beijing");
        var simulation = new CongestionFieldOptions
        {
            Vehicles = int.Parse(parts[0], CultureInfo.InvariantCulture),
            IntervalSeconds = double.Parse(parts[1], CultureInfo.InvariantCulture),
            Seed = seed,
            OccupiedFlag = args.Contains("--flag"),
        };
        var options = new MatchOptions { LeaveOutVacant = simulation.OccupiedFlag };
        options.MinDirectness = double.Parse(BenchArgs.Get(args, "--min-directness", options.MinDirectness.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        options.WanderWindowSeconds = args.Contains("--no-wander") ? 0
            : double.Parse(BenchArgs.Get(args, "--wander-window", options.WanderWindowSeconds.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        CongestionDay day = CongestionFieldSimulator.Simulate(network, simulation);
        var matcher = new MapMatcher(network, options);
        var groups = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        var readSeconds = new Dictionary<string, double>();
        var trueSeconds = new Dictionary<string, double>();
        var match = new TrajectoryMatch();
        ReadOnlySpan<int> vehicle = day.Vehicle;
        int start = 0;
        while (start < day.FixCount)
        {
            int end = start;
            while (end < day.FixCount && vehicle[end] == vehicle[start])
            {
                end++;
            }

            ReadOnlySpan<long> time = day.TimestampMs.AsSpan(start, end - start);
            sbyte[] occupied = simulation.OccupiedFlag ? [.. day.Occupied[start..end].ToArray().Select(x => x ? (sbyte)1 : (sbyte)0)] : [];
            matcher.MatchTrajectory(day.Lon.AsSpan(start, end - start), day.Lat.AsSpan(start, end - start), time, occupied, match);
            foreach (Traversal t in match.Traversals)
            {
                if (t.LengthMetres < 50 || t.ExitTimeMs <= t.EnterTimeMs)
                {
                    continue;
                }

                double mid = (t.EnterTimeMs + t.ExitTimeMs) / 2;
                int k = time.BinarySearch((long)mid);
                k = k < 0 ? ~k : k;
                k = Math.Clamp(k, 1, time.Length - 1);
                string key = $"{day.Activities[start + k - 1]} -> {day.Activities[start + k]}";
                double truth = t.LengthMetres / (day.Field.SpeedKmh(t.Edge, (long)mid) / 3.6);
                double read = (t.ExitTimeMs - t.EnterTimeMs) / 1000.0;
                if (!groups.TryGetValue(key, out List<double>? list))
                {
                    groups[key] = list = [];
                    readSeconds[key] = trueSeconds[key] = 0;
                }

                list.Add(read / truth);
                readSeconds[key] += read;
                trueSeconds[key] += truth;
            }

            start = end;
        }

        long total = groups.Values.Sum(l => (long)l.Count);
        Console.WriteLine("| pair (from -> to) | traversals | share | time read / true (sum) | median | > 1.5x |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach ((string key, List<double> list) in groups)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {key} | {list.Count:N0} | {(double)list.Count / total:P1} | {readSeconds[key] / trueSeconds[key]:F2} | {list[list.Count / 2]:F2} | {list.Count(x => x > 1.5) / (double)list.Count:P0} |"));
        }

        return 0;
    }
}
