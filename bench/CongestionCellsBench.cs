using System.Globalization;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `congestion-cells [--fleet 900x180o] [--seed N] [--cruise P] [--stop-min S] [--stop-max S] [--shrink W] [--selection-cell M] [--selection-prior M] [--fare-ends] [--no-wander]`: where the
/// city TPI's error comes from, cell by cell. Every (edge, bin) cell the engine aggregated between 07:00 and 21:00 is
/// set against the field's speed on that edge at the bin's middle: by period and by the cell's distinct vehicles, the
/// length the truth calls congested, the length the engine's aggregate counts as congested, and the bias and spread
/// of the reading's log pace. A last line sets the truth on the observed edges against the truth on the whole network
/// (what the fleet's choice of roads does on its own). Prints markdown tables.
/// </summary>
internal static class CongestionCellsBench
{
    public static int Run(string[] args)
    {
        string fleet = BenchArgs.Get(args, "--fleet", "900x180o");
        int seed = int.Parse(BenchArgs.Get(args, "--seed", "1"), CultureInfo.InvariantCulture);
        bool occupied = fleet.EndsWith('o');
        string[] parts = fleet.TrimEnd('o').Split('x');
        RoadNetwork network = MatchAccuracy.Load("beijing");
        var simulation = new CongestionFieldOptions
        {
            Vehicles = int.Parse(parts[0], CultureInfo.InvariantCulture),
            IntervalSeconds = double.Parse(parts[1], CultureInfo.InvariantCulture),
            OccupiedFlag = occupied,
            Seed = seed,
            CruiseProbability = double.Parse(BenchArgs.Get(args, "--cruise", "0.5"), CultureInfo.InvariantCulture),
            MinStopSeconds = double.Parse(BenchArgs.Get(args, "--stop-min", "60"), CultureInfo.InvariantCulture),
            MaxStopSeconds = double.Parse(BenchArgs.Get(args, "--stop-max", "300"), CultureInfo.InvariantCulture),
        };
        var congestion = new CongestionOptions();
        congestion.AggregateShrinkVehicles = double.Parse(BenchArgs.Get(args, "--shrink", congestion.AggregateShrinkVehicles.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        congestion.SelectionCellMetres = double.Parse(BenchArgs.Get(args, "--selection-cell", congestion.SelectionCellMetres.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        congestion.SelectionPriorMetres = double.Parse(BenchArgs.Get(args, "--selection-prior", congestion.SelectionPriorMetres.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        CongestionDay day = CongestionFieldSimulator.Simulate(network, simulation);
        (CongestionAccuracy accuracy, CongestionResult result, _) = CongestionAccuracy.Run(network, day, congestion, new MatchOptions { LeaveOutVacant = occupied, LeaveOutFareEnds = args.Contains("--fare-ends"), WanderWindowSeconds = args.Contains("--no-wander") ? 0 : new MatchOptions().WanderWindowSeconds });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"city TPI 07:00-21:00: MAE {accuracy.MeanAbsoluteError:F2}, worst {accuracy.WorstError:F2}, truth {accuracy.MeanTruth:F2}, engine {accuracy.MeanEstimate:F2}, " +
            $"interval holds the truth in {accuracy.IntervalHolds} of {accuracy.IntervalBins} bins (mean width {accuracy.MeanIntervalWidth:F2})"));

        SegmentSpeedTable speeds = result.Speeds;
        SegmentIndices indices = result.Indices;
        CongestionField field = day.Field;
        string[] periods = ["07-10", "10-16", "16-21"];
        string[] sizes = ["1", "2", "3-4", "5+"];
        var rows = new Row[periods.Length, sizes.Length];
        for (int p = 0; p < periods.Length; p++)
        {
            for (int s = 0; s < sizes.Length; s++)
            {
                rows[p, s] = new Row();
            }
        }

        var observedEdges = new Dictionary<long, HashSet<int>>();
        for (int c = 0; c < speeds.Count; c++)
        {
            long middle = speeds.BinStartMs[c] + (speeds.BinMs / 2);
            double hour = (middle - field.MidnightUtcMs) / 3_600_000.0;
            if (hour is < 7 or >= 21)
            {
                continue;
            }

            int p = hour < 10 ? 0 : hour < 16 ? 1 : 2;
            int n = speeds.Vehicles[c];
            int s = n == 1 ? 0 : n == 2 ? 1 : n <= 4 ? 2 : 3;
            int e = speeds.Edges[c];
            RoadClass k = network.Classes[e];
            double truthKmh = field.SpeedKmh(e, middle);
            double readKmh = speeds.SpeedKmh(c);
            bool truthCongested = congestion.Thresholds.Classify(k, truthKmh) >= congestion.CongestedFrom;
            bool readCongested = indices.Levels[c] >= congestion.CongestedFrom;
            double length = network.LengthMetres[e];
            Row row = rows[p, s];
            row.Cells++;
            row.Length += length;
            row.TruthCongested += truthCongested ? length : 0;
            row.ReadCongested += readCongested ? length : 0;
            row.FalseCongested += readCongested && !truthCongested ? length : 0;
            row.MissedCongested += !readCongested && truthCongested ? length : 0;
            double logError = Math.Log(truthKmh / readKmh);
            row.LogError += logError;
            row.LogError2 += logError * logError;
            if (!observedEdges.TryGetValue(speeds.BinStartMs[c], out HashSet<int>? set))
            {
                observedEdges[speeds.BinStartMs[c]] = set = [];
            }

            set.Add(e);
        }

        Console.WriteLine();
        Console.WriteLine("| period | vehicles | cells | km | truth congested | engine congested | false congested | missed | log pace bias | log pace sd |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (int p = 0; p < periods.Length; p++)
        {
            for (int s = 0; s < sizes.Length; s++)
            {
                Row r = rows[p, s];
                if (r.Cells == 0)
                {
                    continue;
                }

                double mean = r.LogError / r.Cells;
                double sd = Math.Sqrt(Math.Max(0, (r.LogError2 / r.Cells) - (mean * mean)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {periods[p]} | {sizes[s]} | {r.Cells:N0} | {r.Length / 1000:N0} | {r.TruthCongested / r.Length:P1} | {r.ReadCongested / r.Length:P1} | {r.FalseCongested / r.Length:P1} | {r.MissedCongested / r.Length:P1} | {mean:F3} | {sd:F3} |"));
            }
        }

        // Selection: the truth on the roads the fleet drove against the truth on every road (length shares, all classes).
        double observedShare = 0, wholeShare = 0;
        int bins = 0;
        double[] classLength = new double[RoadClasses.Count];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            classLength[(int)network.Classes[e]] += network.LengthMetres[e];
        }

        foreach ((long bin, HashSet<int> edges) in observedEdges)
        {
            long middle = bin + (speeds.BinMs / 2);
            double observed = 0, observedCongested = 0, whole = 0, wholeCongested = 0;
            foreach (int e in edges)
            {
                observed += network.LengthMetres[e];
                observedCongested += congestion.Thresholds.Classify(network.Classes[e], field.SpeedKmh(e, middle)) >= congestion.CongestedFrom ? network.LengthMetres[e] : 0;
            }

            for (int e = 0; e < network.EdgeCount; e++)
            {
                whole += network.LengthMetres[e];
                wholeCongested += congestion.Thresholds.Classify(network.Classes[e], field.SpeedKmh(e, middle)) >= congestion.CongestedFrom ? network.LengthMetres[e] : 0;
            }

            observedShare += observedCongested / observed;
            wholeShare += wholeCongested / whole;
            bins++;
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"truth congested share, mean over {bins} bins: observed edges {observedShare / bins:P1}, whole network {wholeShare / bins:P1}"));
        return 0;
    }

    private sealed class Row
    {
        public int Cells;
        public double Length, TruthCongested, ReadCongested, FalseCongested, MissedCongested, LogError, LogError2;
    }
}
