using System.Collections.Concurrent;
using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Hidden Markov model map matching of probe fixes onto a <see cref="RoadNetwork"/> (DOMAIN.md §2). Build one per
/// network and options (it indexes the network's segments once); then <see cref="Match"/> a probe set (ingest batches)
/// into matched points, edge traversals and a report, or <c>MatchTrajectory</c> one vehicle's fixes.
/// Thread-safe: per-thread workspaces come from a pool.
/// </summary>
public sealed class MapMatcher
{
    private readonly ConcurrentBag<Worker> _workers = [];

    public MapMatcher(RoadNetwork network, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Network = network;
        Options = options;
        Index = new EdgeSegmentIndex(network, LocalProjection.For(network));
    }

    public RoadNetwork Network { get; }

    public MatchOptions Options { get; }

    public EdgeSegmentIndex Index { get; }

    /// <summary>Matches one vehicle's fixes (WGS-84, in time order). The spans must have equal lengths.</summary>
    public TrajectoryMatch MatchTrajectory(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs)
    {
        var result = new TrajectoryMatch();
        MatchTrajectory(lon, lat, timestampMs, result);
        return result;
    }

    /// <summary>Matches one vehicle's fixes into a result object the caller reuses.</summary>
    public void MatchTrajectory(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (lat.Length != lon.Length || timestampMs.Length != lon.Length)
        {
            throw new ArgumentException($"lon, lat and timestamp spans differ in length ({lon.Length}, {lat.Length}, {timestampMs.Length}).", nameof(timestampMs));
        }

        for (int i = 1; i < timestampMs.Length; i++)
        {
            if (timestampMs[i] < timestampMs[i - 1])
            {
                throw new ArgumentException($"Fixes are not in time order at position {i}.", nameof(timestampMs));
            }
        }

        Worker worker = Rent();
        try
        {
            worker.Matcher.Match(lon, lat, timestampMs, result);
        }
        finally
        {
            _workers.Add(worker);
        }
    }

    /// <summary>
    /// Matches every vehicle of a probe set (the ingest output: vehicle_id, timestamp, lon, lat, ordered by vehicle
    /// then time). Runs the coordinate-system check first: with <see cref="MatchOptions.StrictCrs"/> a clearly better
    /// fitting system throws <see cref="InvalidDataException"/>, otherwise the report carries the warning.
    /// </summary>
    public MatchResult Match(IReadOnlyList<RecordBatch> probes, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var stopwatch = Stopwatch.StartNew();
        ProbeTable table = ProbeTable.From(probes);
        var warnings = new List<string>();
        CrsCheckResult? crs = null;
        if (Options.CrsCheckSampleSize > 0 && table.Count > 0)
        {
            crs = CrsCheck.Run(Index, table.Lon, table.Lat, table.DeclaredCrs, Options.CrsCheckSampleSize);
            if (crs.Warning is { } warning)
            {
                if (Options.StrictCrs)
                {
                    throw new InvalidDataException(warning);
                }

                warnings.Add(warning);
            }
        }

        var output = new MatchOutputBuilder(Network, table);
        int threads = Options.MaxDegreeOfParallelism > 0 ? Options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int ranges = Math.Min(table.VehicleCount, threads * 16);
        var rangeTraversals = new List<(int Vehicle, Traversal Traversal)>?[ranges];
        var counters = new long[ranges * 4];
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, r =>
        {
            int firstVehicle = (int)((long)r * table.VehicleCount / ranges);
            int endVehicle = (int)((long)(r + 1) * table.VehicleCount / ranges);
            var traversals = new List<(int, Traversal)>();
            Worker worker = Rent();
            try
            {
                for (int v = firstVehicle; v < endVehicle; v++)
                {
                    cancel.ThrowIfCancellationRequested();
                    int start = table.VehicleStart[v], length = table.VehicleStart[v + 1] - start;
                    TrajectoryMatch match = worker.Result;
                    worker.Matcher.Match(table.Lon.AsSpan(start, length), table.Lat.AsSpan(start, length), table.TimestampMs.AsSpan(start, length), match);
                    output.SetFixes(start, match);
                    foreach (Traversal t in match.Traversals)
                    {
                        traversals.Add((v, t));
                    }

                    counters[(r * 4) + 0] += match.NoCandidateFixes;
                    counters[(r * 4) + 1] += match.GapBreaks;
                    counters[(r * 4) + 2] += match.ImpossibleBreaks;
                    counters[(r * 4) + 3] += match.PieceCount;
                }
            }
            finally
            {
                _workers.Add(worker);
            }

            rangeTraversals[r] = traversals;
        });

        IReadOnlyList<RecordBatch> points = output.BuildPoints();
        long traversalCount = rangeTraversals.Sum(t => (long)t!.Count);
        IReadOnlyList<RecordBatch> traversalBatches = output.BuildTraversals(rangeTraversals);
        (double? median, double? p95) = output.DistanceQuantiles();
        stopwatch.Stop();
        var report = new MatchReport
        {
            Fixes = table.Count,
            FixesMatched = table.Count - Sum(counters, 0),
            NoCandidateFixes = Sum(counters, 0),
            GapBreaks = Sum(counters, 1),
            ImpossibleBreaks = Sum(counters, 2),
            Pieces = Sum(counters, 3),
            Vehicles = table.VehicleCount,
            MedianDistanceMetres = median,
            P95DistanceMetres = p95,
            TraversalsWritten = traversalCount,
            Elapsed = stopwatch.Elapsed,
            Threads = threads,
            CrsCheck = crs,
            Options = OptionValues(),
            Warnings = warnings,
        };
        return new MatchResult(points, traversalBatches, report);
    }

    /// <summary>The options by the names the report and the output metadata use.</summary>
    public IReadOnlyDictionary<string, double> OptionValues()
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["sigma_m"] = Options.SigmaMetres,
            ["beta_m"] = Options.BetaMetres,
            ["radius_m"] = Options.RadiusMetres,
            ["max_candidates"] = Options.MaxCandidates,
            ["gap_break_s"] = Options.GapBreakSeconds,
            ["max_speed_kmh"] = Options.MaxSpeedKmh,
            ["speed_factor"] = Options.SpeedFactor,
            ["class_preference"] = Options.ClassPreference,
            ["route_distance_factor"] = Options.RouteDistanceFactor,
            ["route_slack_m"] = Options.RouteSlackMetres,
        };

        // JSON has no infinity: the exact Viterbi (no beam) is written as its own flag.
        values[double.IsFinite(Options.BeamLogWidth) ? "beam" : "exact_viterbi"] = double.IsFinite(Options.BeamLogWidth) ? Options.BeamLogWidth : 1;
        return values;
    }

    private static long Sum(long[] counters, int slot)
    {
        long sum = 0;
        for (int i = slot; i < counters.Length; i += 4)
        {
            sum += counters[i];
        }

        return sum;
    }

    private Worker Rent() => _workers.TryTake(out Worker? worker) ? worker : new Worker(new TrajectoryMatcher(Network, Index, Options), new TrajectoryMatch());

    private sealed record Worker(TrajectoryMatcher Matcher, TrajectoryMatch Result);
}

/// <summary>The matcher's outputs: matched points (one row per fix), traversals, and the report.</summary>
public sealed record MatchResult(IReadOnlyList<RecordBatch> Points, IReadOnlyList<RecordBatch> Traversals, MatchReport Report);
