using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// The hidden Markov model over one vehicle's fixes (Newson &amp; Krumm 2009): candidates from the segment index,
/// Gaussian emission on the distance to the road, exponential transition on |great-circle - route distance| (plus the
/// shortfall when the route cannot be driven in the time gap at plausible speed), Viterbi over the candidate lattice
/// kept in flat arrays (candidates, scores and back pointers indexed by candidate number), and breaks at long gaps and
/// impossible transitions. One instance per worker thread; not thread-safe.
/// </summary>
internal sealed partial class TrajectoryMatcher : IRouteObserver
{
    /// <summary>Gap at which the beam has its nominal width; longer gaps widen it in proportion, up to <see cref="BeamMaxWidening"/>.</summary>
    internal const double BeamReferenceSeconds = 30;

    /// <summary>
    /// The beam widens at most this much (at 2 minutes): T-Drive's taxis report every 4-5 minutes, and an unbounded
    /// widening made their route searches settle 1,400 nodes per fix instead of 970 for 0.3 points of agreement with
    /// the exact Viterbi.
    /// </summary>
    internal const double BeamMaxWidening = 4;

    private readonly RoadNetwork _network;
    private readonly EdgeSegmentIndex _index;
    private readonly MatchOptions _options;
    private readonly RouteSearch _route;
    private readonly double _logEmissionConstant;
    private readonly double _logBeta;
    private readonly double _maxSpeedMetresPerSecond;
    private readonly MatchCandidate[] _scratch = new MatchCandidate[64];
    private int[] _candidateStart = new int[64];
    private MatchCandidate[] _candidates = new MatchCandidate[256];
    private int[] _candidateFix = new int[256];
    private double[] _logEmission = new double[256];
    private double[] _score = new double[256];
    private int[] _back = new int[256];
    private double[] _backRoute = new double[256];
    private readonly int[] _targets = new int[64];
    private readonly double[] _reach = new double[64];
    private readonly int[] _sourceOrder = new int[64];

    // The pair being searched (TransitionFrom sets these for TargetSettled).
    private int _source;
    private int _first;
    private int _end;
    private double _rest;
    private double _restCost;
    private double _restSeconds;
    private double _greatCircle;
    private double _gapSeconds;
    private double _limit;
    private double _best;
    private double _beam;
    private double _goalLon;
    private double _goalLat;
    private readonly bool[] _searched = new bool[64];

    public TrajectoryMatcher(RoadNetwork network, EdgeSegmentIndex index, MatchOptions options)
    {
        _network = network;
        _index = index;
        _options = options;
        _route = new RouteSearch(network, options.SpeedFactor, options.ClassPreference);
        _logEmissionConstant = -Math.Log(Math.Sqrt(2 * Math.PI) * options.SigmaMetres);
        _logBeta = Math.Log(options.BetaMetres);
        _maxSpeedMetresPerSecond = options.MaxSpeedKmh / 3.6;
    }

    internal RouteSearch Route => _route;

    /// <summary>Matches one vehicle's fixes, in time order, into <paramref name="result"/>.</summary>
    public void Match(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result) =>
        Match(lon, lat, timestampMs, [], result);

    /// <summary>
    /// Matches one vehicle; <paramref name="occupied"/> is the feed's flag per fix (1 occupied, 0 vacant, -1 unknown)
    /// or empty when the feed has none.
    /// </summary>
    public void Match(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, ReadOnlySpan<sbyte> occupied,
        TrajectoryMatch result)
    {
        int n = lon.Length;
        result.Reset(n);
        FindStays(lon, lat, timestampMs, result);
        MarkVacant(occupied, n);
        _route.Reset();
        FindCandidates(lon, lat);
        long gapMs = (long)(_options.GapBreakSeconds * 1000);
        int previous = -1;
        for (int k = 0; k < n; k++)
        {
            int first = _candidateStart[k], end = _candidateStart[k + 1];
            if (first == end)
            {
                result.NoCandidateFixes++;
                continue;
            }

            bool start = previous < 0;
            if (!start)
            {
                if (timestampMs[k] - timestampMs[previous] > gapMs)
                {
                    Close(previous, lon, lat, timestampMs, result);
                    result.GapBreaks++;
                    start = true;
                }
                else if (!Transition(previous, k, lon, lat, timestampMs))
                {
                    Close(previous, lon, lat, timestampMs, result);
                    result.ImpossibleBreaks++;
                    start = true;
                }
            }

            if (start)
            {
                double best = double.NegativeInfinity;
                for (int j = first; j < end; j++)
                {
                    best = Math.Max(best, _logEmission[j]);
                }

                for (int j = first; j < end; j++)
                {
                    _score[j] = _logEmission[j] - best;
                    _back[j] = -1;
                }
            }

            previous = k;
        }

        if (previous >= 0)
        {
            Close(previous, lon, lat, timestampMs, result);
        }

        DwellRecords.AssignEdges(lon, lat, result);
    }

    private void FindCandidates(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat)
    {
        int n = lon.Length;
        if (_candidateStart.Length < n + 1)
        {
            _candidateStart = new int[Math.Max(n + 1, _candidateStart.Length * 2)];
        }

        int max = _options.MaxCandidates;
        int total = 0;
        for (int k = 0; k < n; k++)
        {
            _candidateStart[k] = total;
            if (_candidates.Length < total + max)
            {
                Grow(Math.Max(total + max, _candidates.Length * 2));
            }

            double x = _index.Projection.X(lon[k]), y = _index.Projection.Y(lat[k]);
            int found = _index.Query(x, y, _options.RadiusMetres, _candidates.AsSpan(total, max), _scratch);
            for (int j = total; j < total + found; j++)
            {
                double z = _candidates[j].DistanceMetres / _options.SigmaMetres;
                _logEmission[j] = _logEmissionConstant - (0.5 * z * z);
                _candidateFix[j] = k;
            }

            total += found;
        }

        _candidateStart[n] = total;
    }

    /// <summary>Viterbi step from the candidates of fix <paramref name="from"/> to those of <paramref name="to"/>; false when none is reachable.</summary>
    private bool Transition(int from, int to, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs)
    {
        double greatCircle = GreatCircle.DistanceMetres(lon[from], lat[from], lon[to], lat[to]);
        _goalLon = lon[to];
        _goalLat = lat[to];
        double seconds = Math.Max(timestampMs[to] - timestampMs[from], 1) / 1000.0;
        double limit = Limit(greatCircle, seconds);
        int first = _candidateStart[to], end = _candidateStart[to + 1];
        for (int j = first; j < end; j++)
        {
            _score[j] = double.NegativeInfinity;
            _back[j] = -1;
        }

        // Transition scores spread in proportion to the distance covered: the beam widens with the time gap.
        _beam = _options.BeamLogWidth * Math.Clamp(seconds / BeamReferenceSeconds, 1, BeamMaxWidening);
        if (TransitionFrom(from, first, end, greatCircle, seconds, limit, -_beam))
        {
            return true;
        }

        // Nothing reachable from the candidates within the beam: try every candidate before breaking the trajectory.
        return double.IsFinite(_options.BeamLogWidth)
            && TransitionFrom(from, first, end, greatCircle, seconds, limit, double.NegativeInfinity);
    }

    /// <summary>
    /// The Viterbi step from every candidate of fix <paramref name="from"/> scoring at least <paramref name="floor"/>,
    /// best first. A route search from candidate a is bounded by what can still matter: target b matters only while
    /// score(a) + log emission(b) - log beta - delta / beta can beat its bar, the larger of its best score so far and
    /// (with a finite beam) the best score of any target less the beam width, below which it would start no search
    /// next step. delta = |gc - route| + (cost - route) + shortfall is at least the route's cost less the great circle,
    /// so past a cost of gc + beta x (that margin) - the fixed parts, b is out of reach. Targets out of reach are not
    /// searched for; the search stops when the rest are settled or out of reach, the bars rising as it settles targets
    /// (<see cref="TargetSettled"/>). With an infinite beam it is exact: only pairs that cannot win are skipped.
    /// </summary>
    private bool TransitionFrom(int from, int first, int end, double greatCircle, double seconds, double limit, double floor)
    {
        ReadOnlySpan<int> edgeFrom = _network.EdgeFrom;
        ReadOnlySpan<int> edgeTo = _network.EdgeTo;
        ReadOnlySpan<double> length = _network.LengthMetres;
        int sources = 0;
        for (int i = _candidateStart[from]; i < _candidateStart[from + 1]; i++)
        {
            if (double.IsNegativeInfinity(_score[i]) || _score[i] < floor)
            {
                continue;
            }

            // Insertion by descending score: the best source runs first and sets the bars the others must beat.
            int k = sources++;
            while (k > 0 && _score[_sourceOrder[k - 1]] < _score[i])
            {
                _sourceOrder[k] = _sourceOrder[k - 1];
                k--;
            }

            _sourceOrder[k] = i;
        }

        _first = first;
        _end = end;
        _greatCircle = greatCircle;
        _gapSeconds = seconds;
        _limit = limit;
        _best = double.NegativeInfinity;
        for (int s = 0; s < sources; s++)
        {
            int i = _sourceOrder[s];
            MatchCandidate a = _candidates[i];
            double rest = length[a.Edge] - a.OffsetMetres;
            _source = i;
            _rest = rest;
            _restCost = rest * _route.CostPerMetre(a.Edge);
            _restSeconds = rest * _route.SecondsPerMetre(a.Edge);
            int searched = 0;
            for (int j = first; j < end; j++)
            {
                MatchCandidate b = _candidates[j];
                _reach[j - first] = double.NegativeInfinity;
                _searched[j - first] = false;
                if ((b.Edge == a.Edge && b.OffsetMetres >= a.OffsetMetres) || rest + b.OffsetMetres > limit)
                {
                    continue; // along the same edge (no search needed), or too far
                }

                _reach[j - first] = double.PositiveInfinity;
                _searched[j - first] = true;
                _targets[searched++] = edgeFrom[b.Edge];
            }

            if (searched > 0)
            {
                double costBound = Reach();
                if (costBound >= 0)
                {
                    _route.Load(edgeTo[a.Edge], _targets.AsSpan(0, searched), limit - rest, costBound, this, _goalLon, _goalLat);
                }
                else
                {
                    _searched.AsSpan(0, end - first).Clear(); // nothing reachable can win: no search, no stale answers
                }
            }

            for (int j = first; j < end; j++)
            {
                MatchCandidate b = _candidates[j];
                double route, score;
                if (b.Edge == a.Edge && b.OffsetMetres >= a.OffsetMetres)
                {
                    route = b.OffsetMetres - a.OffsetMetres;
                    score = route > limit ? double.NegativeInfinity : _score[i] + _logEmission[j]
                        + LogTransition(greatCircle, route, route * _route.CostPerMetre(a.Edge), route * _route.SecondsPerMetre(a.Edge), seconds);
                }
                else
                {
                    int node = edgeFrom[b.Edge];
                    double between = _searched[j - first] ? _route.Distance(node) : double.PositiveInfinity;
                    if (double.IsPositiveInfinity(between))
                    {
                        continue;
                    }

                    (route, score) = PairScore(j, between, _route.Cost(node), _route.Seconds(node));
                }

                if (score > _score[j])
                {
                    _score[j] = score;
                    _back[j] = i;
                    _backRoute[j] = route;
                    _best = Math.Max(_best, score);
                }
            }
        }

        double best = double.NegativeInfinity;
        for (int j = first; j < end; j++)
        {
            best = Math.Max(best, _score[j]);
        }

        if (double.IsNegativeInfinity(best))
        {
            return false;
        }

        for (int j = first; j < end; j++)
        {
            _score[j] -= best; // keeps scores near 0 over long trajectories; the argmax is unchanged
        }

        return true;
    }

    /// <summary>
    /// The largest route cost (from the source's edge end) at which a still-searched target could beat its bar; marks
    /// targets that can no longer (their reach becomes -infinity); negative when none can.
    /// </summary>
    private double Reach()
    {
        double beam = _beam, beta = _options.BetaMetres, score = _score[_source], bound = double.NegativeInfinity;
        double floor = _best - beam;
        for (int j = _first; j < _end; j++)
        {
            if (double.IsNegativeInfinity(_reach[j - _first]))
            {
                continue;
            }

            double margin = score + _logEmission[j] - _logBeta - Math.Max(_score[j], floor);
            double reach = _greatCircle + (beta * margin) - _restCost - (_candidates[j].OffsetMetres * _route.CostPerMetre(_candidates[j].Edge));
            if (!(margin > 0) || !(reach >= 0))
            {
                _reach[j - _first] = double.NegativeInfinity; // out of reach for this source
                continue;
            }

            _reach[j - _first] = reach;
            bound = Math.Max(bound, reach);
        }

        return bound;
    }

    /// <summary>
    /// A target node settled during the search from the current source: scores its candidates (raising the best
    /// score, hence the beam's floor) and answers with the cost still worth searching.
    /// </summary>
    public double TargetSettled(int node, double cost, double metres, double seconds)
    {
        ReadOnlySpan<int> edgeFrom = _network.EdgeFrom;
        for (int j = _first; j < _end; j++)
        {
            MatchCandidate b = _candidates[j];
            if (edgeFrom[b.Edge] != node || double.IsNegativeInfinity(_reach[j - _first]))
            {
                continue;
            }

            _reach[j - _first] = double.NegativeInfinity; // settled: no longer bounds the search
            // The pair's exact score (taken again after the search): it raises the best score, hence the floor.
            _best = Math.Max(_best, PairScore(j, metres, cost, seconds).Score);
        }

        return Reach();
    }

    /// <summary>
    /// Route and score of the pair (current source, candidate j) when the search reached j's edge start after the given
    /// metres, cost and seconds from the source's edge end; the score is -infinity when the route exceeds the limit.
    /// </summary>
    private (double Route, double Score) PairScore(int j, double metres, double cost, double seconds)
    {
        MatchCandidate b = _candidates[j];
        double route = _rest + metres + b.OffsetMetres;
        if (route > _limit)
        {
            return (route, double.NegativeInfinity);
        }

        double routeCost = _restCost + cost + (b.OffsetMetres * _route.CostPerMetre(b.Edge));
        double routeSeconds = _restSeconds + seconds + (b.OffsetMetres * _route.SecondsPerMetre(b.Edge));
        return (route, _score[_source] + LogTransition(_greatCircle, route, routeCost, routeSeconds, _gapSeconds) + _logEmission[j]);
    }

    /// <summary>The longest route between two fixes that can be a transition: speed cap and detour bound.</summary>
    internal double Limit(double greatCircleMetres, double seconds) =>
        Math.Min(_maxSpeedMetresPerSecond * seconds, (_options.RouteDistanceFactor * greatCircleMetres) + _options.RouteSlackMetres);

    /// <summary>
    /// log of exp(-delta / beta) / beta, where delta = |great-circle - route| plus the route's cost in excess of its
    /// metres (the road-class preference) plus, when the route needs more than the gap at plausible speed, the route
    /// metres that could not be covered in the gap.
    /// </summary>
    internal double LogTransition(double greatCircle, double route, double routeCost, double routeSeconds, double seconds)
    {
        double delta = Math.Abs(greatCircle - route) + (routeCost - route);
        if (routeSeconds > seconds)
        {
            delta += route * (1 - (seconds / routeSeconds));
        }

        return (-delta / _options.BetaMetres) - _logBeta;
    }

    private void Grow(int size)
    {
        Array.Resize(ref _candidates, size);
        Array.Resize(ref _candidateFix, size);
        Array.Resize(ref _logEmission, size);
        Array.Resize(ref _score, size);
        Array.Resize(ref _back, size);
        Array.Resize(ref _backRoute, size);
    }
}
