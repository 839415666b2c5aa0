using System.Globalization;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;

namespace Bench;

/// <summary>
/// `sampling-check [--interval 180] [--phases 0,30,60,90,120,150] [--worst 12]`: the dense runs of T-Drive taxis
/// 9288 and 5316 matched at full density and subsampled at the interval for each phase (issue 10 §3, see
/// <see cref="SamplingComparison"/>): the total sparse/dense travel-time ratio on the edges both drove whole, the
/// quartiles of the per-edge and per-pair ratios, the figures by run, and the worst pairs with what they read.
/// </summary>
internal static class SamplingCheck
{
    public static int Run(string[] args)
    {
        double interval = BenchArgs.GetDouble(args, "--interval", 180);
        double[] phases = [.. BenchArgs.Get(args, "--phases", "0,30,60,90,120,150").Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture))];
        int worst = BenchArgs.GetInt32(args, "--worst", 12);
        IReadOnlyList<DenseRun> runs = TDriveDenseRuns.Runs;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SamplingComparison c = SamplingComparison.Run(BeijingEdgeCsv.Network, runs, interval, phases, new MatchOptions(), DenseOptions());
        Console.WriteLine(Invariant($"{runs.Count} dense runs, {runs.Sum(r => r.Count):N0} fixes, {runs.Sum(r => r.Seconds) / 3600:F2} h; interval {interval} s, phases {string.Join('/', phases)} s; {clock.Elapsed.TotalSeconds:F1} s"));
        Print("all", c.Edges, c.Pairs);
        Console.WriteLine(Invariant($"whole-edge traversals: sparse {c.SparseWholeTraversals:N0} (compared {c.Edges.Count:N0}), dense {c.DenseWholeTraversals:N0} (once per phase: {c.DenseWholeTraversals * phases.Length:N0})"));
        foreach (IGrouping<string, SampledPair> reading in c.Pairs.GroupBy(p => p.Reading))
        {
            Console.WriteLine(Invariant($"pairs {reading.Key}: {reading.Count()}, with compared edges {reading.Count(p => p.Edges > 0)}"));
        }

        foreach ((string name, Func<SampledPair, bool> keep) in new (string, Func<SampledPair, bool>)[]
        {
            ("pairs where the dense fixes stand under 10 s", p => p.DenseStandingSeconds < 10),
            ("pairs where they stand 10-60 s", p => p.DenseStandingSeconds >= 10 && p.DenseStandingSeconds < 60),
            ("pairs where they stand 60 s or more", p => p.DenseStandingSeconds >= 60),
        })
        {
            var pairs = c.Pairs.Where(keep).Select(p => (p.Run, p.PhaseSeconds, p.Pair)).ToHashSet();
            Print(name, [.. c.Edges.Where(e => pairs.Contains((e.Run, e.PhaseSeconds, e.Pair)))], [.. c.Pairs.Where(keep)]);
        }

        Console.WriteLine();
        Console.WriteLine("| run | fixes | minutes | edges | sparse/dense time | edge Q1 / median / Q3 |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (int r = 0; r < runs.Count; r++)
        {
            SampledEdge[] edges = [.. c.Edges.Where(e => e.Run == r)];
            (double q1, double median, double q3) = Quartiles(edges.Select(e => e.Ratio));
            Console.WriteLine(Invariant($"| {runs[r].Name} | {runs[r].Count} | {runs[r].Seconds / 60:F1} | {edges.Length} | {Ratio(edges):F3} | {q1:F2} / {median:F2} / {q3:F2} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| run | phase | pair | start (+08:00) | reading | sparse m / dense m | dense standing s | edges | sparse s | dense s | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (SampledPair p in c.Pairs.Where(p => p.Edges > 0).OrderByDescending(p => Math.Abs(Math.Log(p.Ratio))).Take(worst))
        {
            string start = DateTimeOffset.FromUnixTimeMilliseconds(p.StartMs).ToOffset(TimeSpan.FromHours(8)).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.WriteLine(Invariant($"| {runs[p.Run].Name} | {p.PhaseSeconds} | {p.Pair} | {start} | {p.Reading} | {p.SparseMetres:F0} / {p.DenseMetres:F0} | {p.DenseStandingSeconds:F0} | {p.Edges} | {p.SparseSeconds:F0} | {p.DenseSeconds:F0} | {p.Ratio:F2} |"));
        }

        return 0;
    }

    /// <summary>The reference reading: the engine's defaults with stays off, so every second the vehicle stood in traffic counts.</summary>
    public static MatchOptions DenseOptions() => new() { StayMinSeconds = 0 };

    private static void Print(string name, IReadOnlyList<SampledEdge> edges, IReadOnlyList<SampledPair> pairs)
    {
        (double q1, double median, double q3) = Quartiles(edges.Select(e => e.Ratio));
        (double p1, double pm, double p3) = Quartiles(pairs.Where(p => p.Edges > 0).Select(p => p.Ratio));
        Console.WriteLine(Invariant($"{name}: {edges.Count:N0} edges compared, {edges.Sum(e => e.LengthMetres) / 1000:F1} km; total sparse/dense time {Ratio(edges):F3}"));
        Console.WriteLine(Invariant($"  per edge ratio quartiles {q1:F3} / {median:F3} / {q3:F3}; per pair ({pairs.Count(p => p.Edges > 0)} pairs) {p1:F3} / {pm:F3} / {p3:F3}"));
    }

    private static double Ratio(IEnumerable<SampledEdge> edges) => edges.Sum(e => e.SparseSeconds) / edges.Sum(e => e.DenseSeconds);

    private static (double, double, double) Quartiles(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return (TrafficEngine.Congestion.Percentiles.OfSorted(sorted, 0.25), TrafficEngine.Congestion.Percentiles.OfSorted(sorted, 0.5),
            TrafficEngine.Congestion.Percentiles.OfSorted(sorted, 0.75));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
