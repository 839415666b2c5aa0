using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// The hidden Markov model over one vehicle's fixes (Newson &amp; Krumm 2009): candidates from the segment index,
/// Gaussian emission on the distance to the road, exponential transition on |great-circle - route distance| (plus the
/// shortfall when the route cannot be driven in the time gap at plausible speed), Viterbi over the candidate lattice
/// kept in flat arrays (candidates, scores and back pointers indexed by candidate number), and breaks at long gaps and
/// impossible transitions. One instance per worker thread; not thread-safe.
/// </summary>
internal sealed partial class TrajectoryMatcher
{
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
    private int[] _targets = new int[64];

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
    public void Match(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result)
    {
        int n = lon.Length;
        result.Reset(n);
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
                    Close(previous, timestampMs, result);
                    result.GapBreaks++;
                    start = true;
                }
                else if (!Transition(previous, k, lon, lat, timestampMs))
                {
                    Close(previous, timestampMs, result);
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
            Close(previous, timestampMs, result);
        }
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
        double seconds = Math.Max(timestampMs[to] - timestampMs[from], 1) / 1000.0;
        double limit = Limit(greatCircle, seconds);
        int first = _candidateStart[to], end = _candidateStart[to + 1];
        int targetCount = end - first;
        ReadOnlySpan<int> edgeFrom = _network.EdgeFrom;
        for (int j = first; j < end; j++)
        {
            _targets[j - first] = edgeFrom[_candidates[j].Edge];
            _score[j] = double.NegativeInfinity;
            _back[j] = -1;
        }

        ReadOnlySpan<int> targets = _targets.AsSpan(0, targetCount);
        if (TransitionFrom(from, first, end, targets, greatCircle, seconds, limit, -_options.BeamLogWidth))
        {
            return true;
        }

        // Nothing reachable from the candidates within the beam: try every candidate before breaking the trajectory.
        return double.IsFinite(_options.BeamLogWidth)
            && TransitionFrom(from, first, end, targets, greatCircle, seconds, limit, double.NegativeInfinity);
    }

    private bool TransitionFrom(int from, int first, int end, ReadOnlySpan<int> targets, double greatCircle, double seconds, double limit, double floor)
    {
        ReadOnlySpan<int> edgeFrom = _network.EdgeFrom;
        ReadOnlySpan<int> edgeTo = _network.EdgeTo;
        ReadOnlySpan<double> length = _network.LengthMetres;
        for (int i = _candidateStart[from]; i < _candidateStart[from + 1]; i++)
        {
            if (double.IsNegativeInfinity(_score[i]) || _score[i] < floor)
            {
                continue;
            }

            MatchCandidate a = _candidates[i];
            double rest = length[a.Edge] - a.OffsetMetres;
            double restSeconds = rest * _route.SecondsPerMetre(a.Edge);
            double restCost = rest * _route.CostPerMetre(a.Edge);
            bool loaded = false;
            for (int j = first; j < end; j++)
            {
                MatchCandidate b = _candidates[j];
                double route, routeSeconds, routeCost;
                if (b.Edge == a.Edge && b.OffsetMetres >= a.OffsetMetres)
                {
                    route = b.OffsetMetres - a.OffsetMetres;
                    routeSeconds = route * _route.SecondsPerMetre(a.Edge);
                    routeCost = route * _route.CostPerMetre(a.Edge);
                }
                else
                {
                    if (rest + b.OffsetMetres > limit)
                    {
                        continue;
                    }

                    if (!loaded)
                    {
                        _route.Load(edgeTo[a.Edge], targets, limit - rest);
                        loaded = true;
                    }

                    int node = edgeFrom[b.Edge];
                    double between = _route.Distance(node);
                    if (double.IsPositiveInfinity(between))
                    {
                        continue;
                    }

                    route = rest + between + b.OffsetMetres;
                    routeSeconds = restSeconds + _route.Seconds(node) + (b.OffsetMetres * _route.SecondsPerMetre(b.Edge));
                    routeCost = restCost + _route.Cost(node) + (b.OffsetMetres * _route.CostPerMetre(b.Edge));
                }

                if (route > limit)
                {
                    continue;
                }

                double score = _score[i] + LogTransition(greatCircle, route, routeCost, routeSeconds, seconds) + _logEmission[j];
                if (score > _score[j])
                {
                    _score[j] = score;
                    _back[j] = i;
                    _backRoute[j] = route;
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

    /// <summary>The longest route between two fixes that can be a transition: speed cap and detour bound.</summary>
    internal double Limit(double greatCircleMetres, double seconds) =>
        Math.Min(_maxSpeedMetresPerSecond * seconds, (_options.RouteDistanceFactor * greatCircleMetres) + _options.RouteSlackMetres);

    /// <summary>
    /// log of exp(-delta / beta) / beta, where delta = |great-circle - route| plus, when the route needs more than the
    /// gap at plausible speed, the route metres that could not be covered in the gap.
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
