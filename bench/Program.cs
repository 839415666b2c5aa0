using BenchmarkDotNet.Running;

namespace Bench;

public static class Program
{
    /// <summary>
    /// The first argument picks a bench mode; anything else goes to BenchmarkDotNet.
    /// <list type="bullet">
    /// <item>`e2e`: end-to-end ingest against the naive baseline, and the peak working set on a large input
    /// (`e2e-child` is its memory-measuring child process); `e2e-phases`: the ingest's phases by thread CPU time;
    /// `csv-readers`: Sep against the engine's CSV reader on the T-Drive and ISO csv probe inputs.</item>
    /// <item>`congestion-e2e`: one T-Drive day from CSV to published indices, with the share of time per stage;
    /// `aggregate`: segment speed aggregation against a Dictionary baseline and PostgreSQL.</item>
    /// <item>`match-accuracy`: simulated fleets scored against the truth, HMM and nearest-edge snapping;
    /// `match-scaling`: matching cost against network size and volume; `match-probes`: an ingested probe file matched
    /// on one thread, with the route-search work per fix.</item>
    /// <item>`network-readers`: network import rate of the shapefile and GeoJSON readers, and the engine's WKT parser
    /// against NetTopologySuite's.</item>
    /// <item>`memory`: peak resident memory of the `traffic match` and `traffic congestion` child processes on a
    /// simulated Beijing workday at 1x, 2x, 4x, with bytes per traversal.</item>
    /// <item>`congestion-accuracy`: city TPI against a known congestion field on simulated taxi workdays, mechanism by
    /// mechanism; `sampling-check`: speeds read from 180 s fixes against the same real trips sampled every 1-10 s;
    /// `speed-reading`: simulated traversals against the field by what the taxi was doing; `free-flow-accuracy`:
    /// free-flow speeds by source against the field's, with and without history.</item>
    /// </list>
    /// </summary>
    public static int Main(string[] args)
    {
        string[] rest = args.Length > 0 ? args[1..] : [];
        switch (args.Length > 0 ? args[0] : "")
        {
            case "e2e": return IngestEndToEnd.Run(rest);
            case "e2e-phases": return IngestPhases.Run(rest);
            case "e2e-child": return IngestEndToEnd.RunChild(rest);
            case "csv-readers": return CsvReaders.Run(rest);
            case "congestion-e2e": return CongestionEndToEnd.Run(rest);
            case "aggregate": return AggregationEndToEnd.Run(rest);
            case "match-accuracy": return MatchAccuracy.Run(rest);
            case "match-scaling": return MatchScaling.Run(rest);
            case "match-probes": return MatchProbes.Run(rest);
            case "network-readers": return NetworkReaders.Run(rest);
            case "memory": return MemoryScaling.Run(rest);
            case "congestion-accuracy": return CongestionAccuracyBench.Run(rest);
            case "sampling-check": return SamplingCheck.Run(rest);
            case "speed-reading": return SpeedReadingBench.Run(rest);
            case "congestion-cells": return CongestionCellsBench.Run(rest);
            case "commute-sample": return CommuteSampleBench.Run(rest);
            case "commute-solver": return CommuteSolverBench.Run(rest);
            case "free-flow-accuracy": return FreeFlowAccuracyBench.Run(rest);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
