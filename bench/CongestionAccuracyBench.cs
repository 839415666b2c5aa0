using System.Globalization;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `congestion-accuracy [--fleets 900x180,900x180o,3000x30o] [--seed N]`: the city TPI on simulated taxi workdays
/// under a known congestion field (Beijing network), against the truth by the published definition, with the speed
/// reading mechanisms switched on one after another: time shared by distance and nothing left out (before), then
/// time shared by expected travel time, then stays left out, then vacant pairs left out. A trailing "o" in a fleet
/// gives the feed the occupied flag. Prints a markdown table: MAE and worst bin over 07:00-21:00, bins published.
/// </summary>
internal static class CongestionAccuracyBench
{
    public static int Run(string[] args)
    {
        string[] fleets = BenchArgs.Get(args, "--fleets", "900x180,900x180o,3000x30o").Split(',');
        int seed = int.Parse(BenchArgs.Get(args, "--seed", "1"), CultureInfo.InvariantCulture);
        RoadNetwork network = MatchAccuracy.Load("beijing");
        (string Name, MatchOptions Options)[] steps =
        [
            ("before: time by distance, nothing left out", new MatchOptions { ShareTimeByExpectedTravelTime = false, StayMinSeconds = 0, WanderWindowSeconds = 0, LeaveOutVacant = false }),
            ("+ time by expected travel time", new MatchOptions { StayMinSeconds = 0, WanderWindowSeconds = 0, LeaveOutVacant = false }),
            ("+ stays left out", new MatchOptions { WanderWindowSeconds = 0, LeaveOutVacant = false }),
            ("+ wandering pairs left out", new MatchOptions { LeaveOutVacant = false }),
            ("+ vacant pairs left out (all on)", new MatchOptions()),
        ];
        // --steps 3,4 runs only those rows; --min-directness and --wander-window override the wandering rule in every row that has it on.
        string only = BenchArgs.Get(args, "--steps", "");
        if (only.Length > 0)
        {
            steps = [.. only.Split(',').Select(x => steps[int.Parse(x, CultureInfo.InvariantCulture)])];
        }

        foreach ((_, MatchOptions m) in steps)
        {
            m.LeaveOutFareEnds = args.Contains("--fare-ends");
            if (m.WanderWindowSeconds > 0)
            {
                m.MinDirectness = double.Parse(BenchArgs.Get(args, "--min-directness", m.MinDirectness.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
                m.WanderWindowSeconds = double.Parse(BenchArgs.Get(args, "--wander-window", m.WanderWindowSeconds.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            }
        }

        var congestion = new CongestionOptions();
        congestion.AggregateShrinkVehicles = double.Parse(BenchArgs.Get(args, "--shrink", congestion.AggregateShrinkVehicles.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        Console.WriteLine("| fleet | mechanisms | MAE | worst bin | bins published | mean truth | mean engine |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (string fleet in fleets)
        {
            bool occupied = fleet.EndsWith('o');
            string[] parts = fleet.TrimEnd('o').Split('x');
            var options = new CongestionFieldOptions
            {
                Vehicles = int.Parse(parts[0], CultureInfo.InvariantCulture),
                IntervalSeconds = double.Parse(parts[1], CultureInfo.InvariantCulture),
                OccupiedFlag = occupied,
                Seed = seed,
                CruiseProbability = double.Parse(BenchArgs.Get(args, "--cruise", "0.5"), CultureInfo.InvariantCulture),
                MinStopSeconds = double.Parse(BenchArgs.Get(args, "--stop-min", "60"), CultureInfo.InvariantCulture),
                MaxStopSeconds = double.Parse(BenchArgs.Get(args, "--stop-max", "300"), CultureInfo.InvariantCulture),
            };
            CongestionDay day = CongestionFieldSimulator.Simulate(network, options);
            foreach ((string name, MatchOptions match) in steps)
            {

                (CongestionAccuracy a, _, MatchReport report) = CongestionAccuracy.Run(network, day, congestion, match);
                if (args.Contains("--rows"))
                {
                    foreach ((long bin, double truth, double estimate) in a.Rows)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {DateTimeOffset.FromUnixTimeMilliseconds(bin).ToOffset(TimeSpan.FromHours(8)):HH:mm} truth {truth:F2} engine {estimate:F2}"));
                    }
                }

                Console.Error.WriteLine($"  pairs left out: stays {report.StayEdgePairs:N0}, wandering {report.WanderingPairs:N0}, vacant {report.VacantPairs:N0}; traversals {report.TraversalsWritten:N0}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {options.Vehicles} x {options.IntervalSeconds} s{(occupied ? ", occupied flag" : "")} | {name} | {a.MeanAbsoluteError:F2} | {a.WorstError:F2} | {a.PublishedShare:P0} of {a.Bins} | {a.MeanTruth:F2} | {a.MeanEstimate:F2} |"));
            }
        }

        return 0;
    }
}
