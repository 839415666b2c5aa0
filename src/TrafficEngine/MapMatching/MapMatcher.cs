using System.Collections.Concurrent;
using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Hidden Markov model map matching of probe fixes onto a <see cref="RoadNetwork"/> (DOMAIN.md §2). Build one per
/// network and options (it indexes the network's segments once); then <see cref="Match(IReadOnlyList{RecordBatch}, CancellationToken)"/> (or stream with the sink overload) a probe set (ingest batches)
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
    public void MatchTrajectory(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result) =>
        MatchTrajectory(lon, lat, timestampMs, [], result);

    /// <summary>
    /// Matches one vehicle's fixes with the feed's occupied flag per fix (1 occupied, 0 vacant, -1 unknown; empty
    /// when the feed has none) into a result object the caller reuses.
    /// </summary>
    public void MatchTrajectory(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, ReadOnlySpan<sbyte> occupied,
        TrajectoryMatch result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (lat.Length != lon.Length || timestampMs.Length != lon.Length)
        {
            throw new ArgumentException($"lon, lat and timestamp spans differ in length ({lon.Length}, {lat.Length}, {timestampMs.Length}).", nameof(timestampMs));
        }

        if (!occupied.IsEmpty && occupied.Length != lon.Length)
        {
            throw new ArgumentException($"The occupied span has {occupied.Length} flags for {lon.Length} fixes.", nameof(occupied));
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
            worker.Matcher.Match(lon, lat, timestampMs, occupied, result);
        }
        finally
        {
            _workers.Add(worker);
        }
    }

    /// <summary>
    /// Matches every vehicle of a probe set held in memory and returns the outputs as batches (see the streaming
    /// overload, which this runs into memory sinks).
    /// </summary>
    public MatchResult Match(IReadOnlyList<RecordBatch> probes, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(probes);
        using var traversals = new MemoryBatchSink(MatchSchema.Traversals());
        using var points = new MemoryBatchSink(MatchSchema.Points());
        using var dwells = new MemoryBatchSink(DwellRecords.Schema());
        MatchReport report = Match(probes, traversals, points, dwells, null, cancel);
        return new MatchResult(points.Batches, traversals.Batches, report) { Dwells = dwells.Batches };
    }

    /// <summary>
    /// Matches every vehicle of a probe set (the ingest output: vehicle_id, timestamp, lon, lat, ordered by vehicle
    /// then time) with memory bounded whatever the feed's size: vehicles are taken in partitions of about
    /// <see cref="PartitionFixes"/> fixes, each matched on every thread and its traversals and matched points written
    /// to the sinks before the next is read. The batches are enumerated more than once when the coordinate-system
    /// check runs (once to count, once for its sample): with <see cref="MatchOptions.StrictCrs"/> a clearly better
    /// fitting system throws <see cref="InvalidDataException"/>, otherwise the report carries the warning. The sinks
    /// are completed by the caller; on cancellation (or any failure) nothing is completed.
    /// </summary>
    public MatchReport Match(IEnumerable<RecordBatch> probes, IBatchSink traversals, IBatchSink? points,
        IProgress<long>? progress = null, CancellationToken cancel = default) =>
        Match(probes, traversals, points, null, progress, cancel);

    /// <summary>
    /// As the overload without <paramref name="dwells"/>, also writing one dwell record per stay to that sink, one batch
    /// per partition (<see cref="DwellRecords.Schema"/>).
    /// </summary>
    public MatchReport Match(IEnumerable<RecordBatch> probes, IBatchSink traversals, IBatchSink? points, IBatchSink? dwells,
        IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(traversals);
        var stopwatch = Stopwatch.StartNew();
        var warnings = new List<string>();
        CrsCheckResult? crs = Options.CrsCheckSampleSize > 0 ? CheckCrs(probes, warnings) : null;
        int threads = Options.MaxDegreeOfParallelism > 0 ? Options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var distances = new DistanceHistogram(Options.RadiusMetres);
        var counters = new long[threads * 16 * Slots];
        var dwellSeconds = new double[threads * 16];
        long fixes = 0, traversalCount = 0;
        int vehicles = 0;
        FeedVehicles feed = FeedVehicles.Read(probes);
        foreach (ProbeTable table in ProbeTable.Partitions(probes, PartitionFixes))
        {
            cancel.ThrowIfCancellationRequested();
            var output = new MatchOutputBuilder(Network, table, feed);
            int ranges = Math.Min(table.VehicleCount, threads * 16);
            var rangeTraversals = new List<(int Vehicle, Traversal Traversal)>?[ranges];
            var rangeDwells = new List<(int Vehicle, Dwell Dwell)>?[ranges];
            Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, r =>
            {
                int firstVehicle = (int)((long)r * table.VehicleCount / ranges);
                int endVehicle = (int)((long)(r + 1) * table.VehicleCount / ranges);
                var list = new List<(int, Traversal)>();
                var stays = new List<(int, Dwell)>();
                Worker worker = Rent();
                try
                {
                    for (int v = firstVehicle; v < endVehicle; v++)
                    {
                        cancel.ThrowIfCancellationRequested();
                        int start = table.VehicleStart[v], length = table.VehicleStart[v + 1] - start;
                        TrajectoryMatch match = worker.Result;
                        worker.Matcher.Match(table.Lon.AsSpan(start, length), table.Lat.AsSpan(start, length), table.TimestampMs.AsSpan(start, length),
                            table.Occupied.AsSpan(start, length), match);
                        output.SetFixes(start, match);
                        foreach (Traversal t in match.Traversals)
                        {
                            list.Add((v, t));
                        }

                        foreach (Dwell d in match.Dwells)
                        {
                            stays.Add((v, d));
                        }

                        int at = r * Slots;
                        counters[at + 0] += match.NoCandidateFixes;
                        counters[at + 1] += match.GapBreaks;
                        counters[at + 2] += match.ImpossibleBreaks;
                        counters[at + 3] += match.PieceCount;
                        counters[at + 4] += match.Stays;
                        counters[at + 5] += match.DwellPairs;
                        counters[at + 6] += match.StayEdgePairs;
                        counters[at + 7] += match.VacantPairs;
                        counters[at + 8] += match.WanderingPairs;
                        counters[at + 9] += match.FareEndPairs;
                        dwellSeconds[r] += match.DwellSeconds;
                    }
                }
                finally
                {
                    _workers.Add(worker);
                }

                rangeTraversals[r] = list;
                rangeDwells[r] = stays;
            });

            cancel.ThrowIfCancellationRequested();
            if (points is not null)
            {
                foreach (RecordBatch batch in output.BuildPoints())
                {
                    points.Write(batch);
                }
            }

            dwells?.Write(DwellRecords.Build(Network, rangeDwells, output.Code, output.VehicleDictionary()));
            traversalCount += rangeTraversals.Sum(t => (long)t!.Count);
            foreach (RecordBatch batch in output.BuildTraversals(rangeTraversals))
            {
                traversals.Write(batch);
            }

            output.AddDistances(distances);
            fixes += table.Count;
            vehicles += table.VehicleCount;
            progress?.Report(fixes);
        }

        if (fixes == 0)
        {
            // An empty feed still gives one (empty) batch per output, as a whole-feed build did.
            var empty = new MatchOutputBuilder(Network, ProbeTable.From([]), feed);
            points?.Write(empty.BuildPoints()[0]);
            traversals.Write(empty.BuildTraversals([])[0]);
            dwells?.Write(DwellRecords.Build(Network, [], empty.Code, empty.VehicleDictionary()));
        }

        (double? median, double? p95) = distances.Quantiles();
        stopwatch.Stop();
        return new MatchReport
        {
            Fixes = fixes,
            FixesMatched = fixes - Sum(counters, 0),
            NoCandidateFixes = Sum(counters, 0),
            GapBreaks = Sum(counters, 1),
            ImpossibleBreaks = Sum(counters, 2),
            Pieces = Sum(counters, 3),
            Stays = Sum(counters, 4),
            DwellPairs = Sum(counters, 5),
            StayEdgePairs = Sum(counters, 6),
            VacantPairs = Sum(counters, 7),
            WanderingPairs = Sum(counters, 8),
            FareEndPairs = Sum(counters, 9),
            DwellSeconds = Math.Round(dwellSeconds.Sum(), 1),
            Vehicles = vehicles,
            MedianDistanceMetres = median,
            P95DistanceMetres = p95,
            TraversalsWritten = traversalCount,
            Elapsed = stopwatch.Elapsed,
            Threads = threads,
            CrsCheck = crs,
            Options = OptionValues(),
            Warnings = warnings,
        };
    }

    /// <summary>Fixes per partition of a streaming match: enough to keep every thread busy, few enough to stay small.</summary>
    internal int PartitionFixes { get; init; } = 1 << 19;

    /// <summary>
    /// The coordinate-system check on the same sample a whole-feed table gave (fix s x n / samples of the n fixes),
    /// gathered in a pass of its own so that no more than the sample is held.
    /// </summary>
    private CrsCheckResult? CheckCrs(IEnumerable<RecordBatch> probes, List<string> warnings)
    {
        long total = 0;
        Crs declared = Crs.Wgs84;
        foreach (RecordBatch batch in probes)
        {
            total += batch.Length;
            if (batch.Schema.Metadata.TryGetValue(ProbeSchema.SourceCrsKey, out string? name))
            {
                declared = CrsNames.Parse(name);
            }
        }

        if (total == 0)
        {
            return null;
        }

        int samples = (int)Math.Min(total, Options.CrsCheckSampleSize);
        var lon = new double[samples];
        var lat = new double[samples];
        long first = 0;
        int s = 0;
        foreach (RecordBatch batch in probes)
        {
            ReadOnlySpan<double> x = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lon).Values;
            ReadOnlySpan<double> y = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lat).Values;
            for (long row; s < samples && (row = s * total / samples) < first + batch.Length; s++)
            {
                lon[s] = x[(int)(row - first)];
                lat[s] = y[(int)(row - first)];
            }

            first += batch.Length;
        }

        CrsCheckResult crs = CrsCheck.Run(Index, lon, lat, declared, samples);
        if (crs.Warning is { } warning)
        {
            if (Options.StrictCrs)
            {
                throw new InvalidDataException(warning);
            }

            warnings.Add(warning);
        }

        return crs;
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
            ["wander_window_s"] = Options.WanderWindowSeconds,
            ["min_directness"] = Options.MinDirectness,
            ["leave_out_fare_ends"] = Options.LeaveOutFareEnds ? 1 : 0,
        };

        // JSON has no infinity: the exact Viterbi (no beam) is written as its own flag.
        values[double.IsFinite(Options.BeamLogWidth) ? "beam" : "exact_viterbi"] = double.IsFinite(Options.BeamLogWidth) ? Options.BeamLogWidth : 1;
        return values;
    }

    /// <summary>Counters per worker range: no-candidate fixes, gap breaks, impossible breaks, pieces, stays, dwell, stay-edge, vacant, wandering and fare-end pairs.</summary>
    private const int Slots = 10;

    private static long Sum(long[] counters, int slot)
    {
        long sum = 0;
        for (int i = slot; i < counters.Length; i += Slots)
        {
            sum += counters[i];
        }

        return sum;
    }

    private Worker Rent() => _workers.TryTake(out Worker? worker) ? worker : new Worker(new TrajectoryMatcher(Network, Index, Options), new TrajectoryMatch());

    private sealed record Worker(TrajectoryMatcher Matcher, TrajectoryMatch Result);
}

/// <summary>The matcher's outputs: matched points (one row per fix), traversals, the report, and the dwell records.</summary>
public sealed record MatchResult(IReadOnlyList<RecordBatch> Points, IReadOnlyList<RecordBatch> Traversals, MatchReport Report)
{
    /// <summary>One dwell record per stay (<see cref="DwellRecords.Schema"/>), one batch per partition.</summary>
    public IReadOnlyList<RecordBatch> Dwells { get; init; } = [];
}
