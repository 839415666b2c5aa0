namespace TrafficEngine.MapMatching;

internal sealed partial class TrajectoryMatcher
{
    private readonly List<int> _chosen = [];
    private readonly List<int> _path = [];
    private readonly int[] _oneTarget = new int[1];
    private bool _open;
    private Traversal _current;

    /// <summary>
    /// Ends the piece whose last fix with candidates is <paramref name="last"/>: backtracks the Viterbi path, writes the
    /// chosen candidate of each fix and the piece's traversals.
    /// </summary>
    private void Close(int last, ReadOnlySpan<long> timestampMs, TrajectoryMatch result)
    {
        int piece = result.PieceCount++;
        int best = _candidateStart[last];
        for (int j = best + 1; j < _candidateStart[last + 1]; j++)
        {
            if (_score[j] > _score[best])
            {
                best = j;
            }
        }

        _chosen.Clear();
        for (int j = best; j >= 0; j = _back[j])
        {
            _chosen.Add(j);
        }

        _chosen.Reverse();
        Span<int> edges = result.EdgesMutable;
        Span<double> offsets = result.OffsetsMutable;
        Span<double> distances = result.DistancesMutable;
        Span<int> pieces = result.PiecesMutable;
        Span<double> confidence = result.ConfidenceMutable;
        foreach (int j in _chosen)
        {
            int fix = _candidateFix[j];
            edges[fix] = _candidates[j].Edge;
            offsets[fix] = _candidates[j].OffsetMetres;
            distances[fix] = _candidates[j].DistanceMetres;
            pieces[fix] = piece;
            confidence[fix] = ConfidenceOf(j);
        }

        BuildTraversals(piece, timestampMs, confidence, result);
    }

    /// <summary>exp(score - log-sum-exp of the scores of the same fix's candidates).</summary>
    private double ConfidenceOf(int j)
    {
        int fix = _candidateFix[j];
        double max = double.NegativeInfinity;
        for (int c = _candidateStart[fix]; c < _candidateStart[fix + 1]; c++)
        {
            max = Math.Max(max, _score[c]);
        }

        double sum = 0;
        for (int c = _candidateStart[fix]; c < _candidateStart[fix + 1]; c++)
        {
            sum += Math.Exp(_score[c] - max);
        }

        return Math.Exp(_score[j] - max) / sum;
    }

    /// <summary>
    /// Turns consecutive chosen candidates into edge traversals: the route between two fixes (same edge forward, or
    /// the rest of the first edge, the shortest path's edges and the start of the second edge) is timed by linear
    /// interpolation in route distance between the two fixes' times; consecutive pieces on one edge merge.
    /// </summary>
    private void BuildTraversals(int piece, ReadOnlySpan<long> timestampMs, ReadOnlySpan<double> confidence, TrajectoryMatch result)
    {
        ReadOnlySpan<double> length = _network.LengthMetres;
        ReadOnlySpan<int> edgeFrom = _network.EdgeFrom;
        _open = false;
        for (int p = 1; p < _chosen.Count; p++)
        {
            int i = _chosen[p - 1], j = _chosen[p];
            MatchCandidate a = _candidates[i], b = _candidates[j];
            double t0 = timestampMs[_candidateFix[i]], t1 = timestampMs[_candidateFix[j]];
            double pairConfidence = Math.Min(confidence[_candidateFix[i]], confidence[_candidateFix[j]]);
            double route = _backRoute[j];
            if (b.Edge == a.Edge && b.OffsetMetres >= a.OffsetMetres)
            {
                Add(a.Edge, a.OffsetMetres, b.OffsetMetres, t0, t1, piece, pairConfidence, result);
                continue;
            }

            double rest = length[a.Edge] - a.OffsetMetres;
            _oneTarget[0] = edgeFrom[b.Edge];
            _route.Load(_network.EdgeTo[a.Edge], _oneTarget, route - rest - b.OffsetMetres + 1e-6);
            _path.Clear();
            _route.AppendPath(edgeFrom[b.Edge], _path);
            double along = rest;
            Add(a.Edge, a.OffsetMetres, length[a.Edge], t0, Time(t0, t1, rest, route), piece, pairConfidence, result);
            foreach (int e in _path)
            {
                double enter = Time(t0, t1, along, route);
                along += length[e];
                Add(e, 0, length[e], enter, Time(t0, t1, along, route), piece, pairConfidence, result);
            }

            Add(b.Edge, 0, b.OffsetMetres, Time(t0, t1, along, route), t1, piece, pairConfidence, result);
        }

        Flush(result);
    }

    private static double Time(double t0, double t1, double along, double route) =>
        route > 0 ? t0 + ((t1 - t0) * Math.Min(along / route, 1)) : t0;

    private void Add(int edge, double start, double end, double enter, double exit, int piece, double confidence, TrajectoryMatch result)
    {
        if (_open && _current.Edge == edge && Math.Abs(_current.EndOffsetMetres - start) < 1e-6)
        {
            _current = _current with
            {
                EndOffsetMetres = end,
                ExitTimeMs = exit,
                Confidence = Math.Min(_current.Confidence, confidence),
            };
            return;
        }

        Flush(result);
        _current = new Traversal(edge, piece, start, end, enter, exit, confidence);
        _open = true;
    }

    private void Flush(TrajectoryMatch result)
    {
        if (_open && (_current.LengthMetres > 0 || _current.ExitTimeMs > _current.EnterTimeMs))
        {
            result.Traversals.Add(_current);
        }

        _open = false;
    }
}
