using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Simulation;

/// <summary>One vehicle's densely sampled fixes (WGS-84, UTC epoch milliseconds, in time order).</summary>
public sealed record DenseRun(string Name, double[] Lon, double[] Lat, long[] TimestampMs)
{
    public int Count => TimestampMs.Length;

    public double Seconds => Count == 0 ? 0 : (TimestampMs[^1] - TimestampMs[0]) / 1000.0;

    /// <summary>
    /// Cuts one vehicle's fixes into dense runs: consecutive fixes at most <paramref name="maxGapSeconds"/> apart (a
    /// fix at the same second as the one before is dropped), runs of at least <paramref name="minFixes"/> kept.
    /// </summary>
    public static List<DenseRun> Split(string name, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs,
        double maxGapSeconds = 10, int minFixes = 60)
    {
        var runs = new List<DenseRun>();
        long maxGapMs = (long)(maxGapSeconds * 1000);
        var x = new List<double>();
        var y = new List<double>();
        var t = new List<long>();
        for (int k = 0; k <= timestampMs.Length; k++)
        {
            long gap = k < timestampMs.Length && t.Count > 0 ? timestampMs[k] - t[^1] : 0;
            if (gap == 0 && t.Count > 0 && k < timestampMs.Length)
            {
                continue; // the same second again
            }

            if (k == timestampMs.Length || gap < 0 || gap > maxGapMs)
            {
                if (t.Count >= minFixes)
                {
                    runs.Add(new DenseRun(FormattableString.Invariant($"{name}#{runs.Count}"), [.. x], [.. y], [.. t]));
                }

                x.Clear();
                y.Clear();
                t.Clear();
                if (k == timestampMs.Length)
                {
                    break;
                }
            }

            x.Add(lon[k]);
            y.Add(lat[k]);
            t.Add(timestampMs[k]);
        }

        return runs;
    }

    /// <summary>
    /// The fixes a sparse feed would have sent: for k = 0, 1, ... the fix nearest in time to first + phase + k x
    /// interval, up to the run's last fix (each fix once).
    /// </summary>
    public int[] Subsample(double intervalSeconds, double phaseSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        var picked = new List<int>();
        if (Count == 0)
        {
            return [];
        }

        long first = TimestampMs[0], last = TimestampMs[^1];
        for (double target = first + (phaseSeconds * 1000); target <= last; target += intervalSeconds * 1000)
        {
            int i = System.Array.BinarySearch(TimestampMs, (long)Math.Round(target));
            i = i >= 0 ? i : ~i;
            if (i == Count || (i > 0 && target - TimestampMs[i - 1] <= TimestampMs[i] - target))
            {
                i--;
            }

            if (picked.Count == 0 || picked[^1] != i)
            {
                picked.Add(i);
            }
        }

        return [.. picked];
    }
}

/// <summary>
/// One edge both readings drove whole: the seconds the sparse reading gives it and the seconds the dense reading
/// gives it, and the sparse fix pair (by number within its run and phase) whose time it took.
/// </summary>
public readonly record struct SampledEdge(int Run, double PhaseSeconds, int Pair, int Edge, double LengthMetres, double SparseSeconds, double DenseSeconds)
{
    public double Ratio => SparseSeconds / DenseSeconds;
}

/// <summary>
/// One sparse fix pair: its times, the metres each reading drove between them (the route agreement), the seconds the
/// dense fixes show the vehicle standing (moving under 5 km/h) between them, and the seconds each reading gives the
/// compared edges whose time the pair took; <see cref="Reading"/> says why a pair gave no traversal.
/// </summary>
public readonly record struct SampledPair(int Run, double PhaseSeconds, int Pair, long StartMs, long EndMs, double SparseMetres, double DenseMetres,
    double DenseStandingSeconds, int Edges, double SparseSeconds, double DenseSeconds, string Reading)
{
    public double Ratio => SparseSeconds / DenseSeconds;
}

/// <summary>
/// Speeds read from sparse fixes against the same trips densely sampled (issue 10 §3). Each dense run is matched at
/// full density (the reference) and again subsampled at a sparse interval for several phases (see
/// <see cref="DenseRun.Subsample"/>); the two readings are compared on the edges both drove whole. Truth: the sparse
/// fixes are dense fixes, so the dense reading's time on an edge, read between fixes seconds apart, is what the
/// vehicle took on the stretch of road the sparse pair covers, its stops included. An edge counts when both readings
/// cover all of it (fraction 0.999 or more) and the dense traversal's middle time is the nearest, within one sparse
/// interval, to the sparse one's (each dense traversal compared once); the sparse traversal's pair is the one whose
/// time span holds its middle time.
/// </summary>
public sealed record SamplingComparison(IReadOnlyList<DenseRun> Runs, IReadOnlyList<SampledEdge> Edges, IReadOnlyList<SampledPair> Pairs,
    int SparseWholeTraversals, int DenseWholeTraversals)
{
    /// <summary>Total sparse seconds over total dense seconds on the compared edges.</summary>
    public double TotalRatio => Edges.Sum(e => e.SparseSeconds) / Edges.Sum(e => e.DenseSeconds);

    /// <summary>Quartiles (0.25, 0.5, 0.75) of the per-edge ratios.</summary>
    public (double Q1, double Median, double Q3) EdgeQuartiles => Quartiles(Edges.Select(e => e.Ratio));

    /// <summary>Quartiles of the per-pair ratios (pairs with at least one compared edge).</summary>
    public (double Q1, double Median, double Q3) PairQuartiles => Quartiles(Pairs.Where(p => p.Edges > 0).Select(p => p.Ratio));

    public static SamplingComparison Run(RoadNetwork network, IReadOnlyList<DenseRun> runs, double intervalSeconds, IReadOnlyList<double> phasesSeconds,
        MatchOptions sparseOptions, MatchOptions denseOptions)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(phasesSeconds);
        var sparse = new MapMatcher(network, sparseOptions);
        var dense = new MapMatcher(network, denseOptions);
        var edges = new List<SampledEdge>();
        var pairs = new List<SampledPair>();
        int sparseWhole = 0, denseWhole = 0;
        var match = new TrajectoryMatch();
        for (int r = 0; r < runs.Count; r++)
        {
            DenseRun run = runs[r];
            dense.MatchTrajectory(run.Lon, run.Lat, run.TimestampMs, match);
            Traversal[] reference = Joined(match.Traversals);
            var byEdge = new Dictionary<int, List<int>>();
            for (int i = 0; i < reference.Length; i++)
            {
                if (Whole(network, reference[i]))
                {
                    denseWhole++;
                    (byEdge.TryGetValue(reference[i].Edge, out List<int>? list) ? list : byEdge[reference[i].Edge] = []).Add(i);
                }
            }

            foreach (double phase in phasesSeconds)
            {
                int[] picked = run.Subsample(intervalSeconds, phase);
                long[] time = [.. picked.Select(k => run.TimestampMs[k])];
                sparse.MatchTrajectory([.. picked.Select(k => run.Lon[k])], [.. picked.Select(k => run.Lat[k])], time, match);
                var used = new HashSet<int>();
                var pairEdges = new List<SampledEdge>[Math.Max(time.Length - 1, 0)];
                foreach (Traversal t in match.Traversals)
                {
                    if (!Whole(network, t))
                    {
                        continue;
                    }

                    sparseWhole++;
                    double middle = (t.EnterTimeMs + t.ExitTimeMs) / 2;
                    int best = -1;
                    double bestGap = intervalSeconds * 1000;
                    foreach (int i in byEdge.GetValueOrDefault(t.Edge) ?? [])
                    {
                        double gap = Math.Abs(((reference[i].EnterTimeMs + reference[i].ExitTimeMs) / 2) - middle);
                        if (gap <= bestGap && !used.Contains(i))
                        {
                            (best, bestGap) = (i, gap);
                        }
                    }

                    if (best < 0 || reference[best].ExitTimeMs <= reference[best].EnterTimeMs)
                    {
                        continue;
                    }

                    used.Add(best);
                    int pair = Math.Clamp(System.Array.BinarySearch(time, (long)middle) is int p && p >= 0 ? p : ~p - 1, 0, pairEdges.Length - 1);
                    var edge = new SampledEdge(r, phase, pair, t.Edge, network.LengthMetres[t.Edge], (t.ExitTimeMs - t.EnterTimeMs) / 1000,
                        (reference[best].ExitTimeMs - reference[best].EnterTimeMs) / 1000);
                    edges.Add(edge);
                    (pairEdges[pair] ??= []).Add(edge);
                }

                for (int p = 0; p < pairEdges.Length; p++)
                {
                    List<SampledEdge> compared = pairEdges[p] ?? [];
                    pairs.Add(new SampledPair(r, phase, p, time[p], time[p + 1], Metres(match.Traversals, time[p], time[p + 1]),
                        Metres(reference, time[p], time[p + 1]), Standing(run, time[p], time[p + 1]), compared.Count, compared.Sum(e => e.SparseSeconds),
                        compared.Sum(e => e.DenseSeconds), Reading(match, p)));
                }
            }
        }

        return new SamplingComparison(runs, edges, pairs, sparseWhole, denseWhole);
    }

    /// <summary>
    /// The dense traversals with consecutive passes along one edge joined: a dense trace breaks (a new piece) where a
    /// standing vehicle's fix jitters a metre backwards along a one-way edge, cutting the edge's traversal in two
    /// pieces that meet; the vehicle's time on the edge runs from the first one's enter to the last one's exit.
    /// </summary>
    private static Traversal[] Joined(List<Traversal> traversals)
    {
        var joined = new List<Traversal>(traversals.Count);
        foreach (Traversal t in traversals)
        {
            if (joined.Count > 0 && joined[^1] is var last && last.Edge == t.Edge && t.StartOffsetMetres <= last.EndOffsetMetres + JoinMetres
                && t.StartOffsetMetres >= last.EndOffsetMetres - JoinMetres && t.EnterTimeMs >= last.ExitTimeMs)
            {
                joined[^1] = last with { EndOffsetMetres = Math.Max(last.EndOffsetMetres, t.EndOffsetMetres), ExitTimeMs = t.ExitTimeMs };
                continue;
            }

            joined.Add(t);
        }

        return [.. joined];
    }

    /// <summary>Dense passes along one edge meeting within this many metres are one pass (GPS jitter of a standing vehicle).</summary>
    private const double JoinMetres = 5;

    /// <summary>Seconds between two times in which the dense fixes moved slower than 5 km/h: standing (lights, queues, fares).</summary>
    private static double Standing(DenseRun run, long fromMs, long toMs)
    {
        double seconds = 0;
        for (int k = 1; k < run.Count; k++)
        {
            long t0 = Math.Max(run.TimestampMs[k - 1], fromMs), t1 = Math.Min(run.TimestampMs[k], toMs);
            double gap = (run.TimestampMs[k] - run.TimestampMs[k - 1]) / 1000.0;
            if (t1 > t0 && GreatCircle.DistanceMetres(run.Lon[k - 1], run.Lat[k - 1], run.Lon[k], run.Lat[k]) < StandingKmh / 3.6 * gap)
            {
                seconds += (t1 - t0) / 1000.0;
            }
        }

        return seconds;
    }

    private const double StandingKmh = 5;

    private static bool Whole(RoadNetwork network, Traversal t)
    {
        double length = network.LengthMetres[t.Edge];
        return length > 0 && t.LengthMetres >= 0.999 * length;
    }

    /// <summary>
    /// Metres driven between two times: each traversal's length times the share of its time inside the window (linear
    /// within a traversal, so a pass joined from two pairs' shares is split by its mean speed).
    /// </summary>
    private static double Metres(IEnumerable<Traversal> traversals, long fromMs, long toMs)
    {
        double metres = 0;
        foreach (Traversal t in traversals)
        {
            double duration = t.ExitTimeMs - t.EnterTimeMs;
            double overlap = Math.Min(t.ExitTimeMs, toMs) - Math.Max(t.EnterTimeMs, fromMs);
            if (duration > 0 && overlap > 0)
            {
                metres += t.LengthMetres * overlap / duration;
            }
        }

        return metres;
    }

    /// <summary>Why pair p (fixes p, p + 1 of the sparse trajectory) reads as it does: unmatched, a break, a stay, or read.</summary>
    private static string Reading(TrajectoryMatch match, int p)
    {
        ReadOnlySpan<int> edges = match.Edges;
        if (edges[p] < 0 || edges[p + 1] < 0)
        {
            return "unmatched";
        }

        if (match.Pieces[p] != match.Pieces[p + 1])
        {
            return "break";
        }

        foreach (Dwell d in match.Dwells)
        {
            if (p + 1 >= d.FirstFix && p < d.FirstFix + d.FixCount)
            {
                return "stay";
            }
        }

        return "read";
    }

    private static (double, double, double) Quartiles(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return (Percentiles.OfSorted(sorted, 0.25), Percentiles.OfSorted(sorted, 0.5), Percentiles.OfSorted(sorted, 0.75));
    }
}
