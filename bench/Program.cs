using BenchmarkDotNet.Running;

namespace Bench;

public static class Program
{
    /// <summary>
    /// `e2e` runs the end-to-end ingest bench (throughput against the naive baseline, peak working set on a large
    /// input); `e2e-child` is its memory-measuring child process; `e2e-phases` times the ingest's phases (thread CPU
    /// time); anything else goes to BenchmarkDotNet.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "e2e")
        {
            return IngestEndToEnd.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "e2e-phases")
        {
            return IngestPhases.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "e2e-child")
        {
            return IngestEndToEnd.RunChild(args[1..]);
        }

        if (args.Length > 0 && args[0] == "congestion-e2e")
        {
            return CongestionEndToEnd.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "match-accuracy")
        {
            return MatchAccuracy.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "match-scaling")
        {
            return MatchScaling.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "match-probes")
        {
            return MatchProbes.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "aggregate")
        {
            return AggregationEndToEnd.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
