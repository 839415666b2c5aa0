namespace TrafficEngine.MapMatching;

internal sealed partial class TrajectoryMatcher
{
    private readonly List<int> _chosen = [];
    private readonly List<int> _path = [];
    private readonly int[] _oneTarget = new int[1];
    private bool _open;
    private Traversal _current;
    private int[] _stay = new int[64];
    private bool[] _vacant = new bool[64];
    private bool _anyVacant;
    private bool _hasFlag;
    private bool[] _fareEnd = new bool[64];
    private bool[] _wandering = new bool[64];
    private double[] _pairMetres = new double[64];

    /// <summary>
    /// Stay points (Li et al. 2008), greedily from the first fix: the longest run of consecutive fixes within the stay
    /// radius of its first fix is a stay when it lasts at least the minimum time. <c>_stay[k]</c> is the stay's id,
    /// or -1 for a fix outside every stay.
    /// </summary>
    private void FindStays(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result)
    {
        int n = lon.Length;
        if (_stay.Length < n)
        {
            _stay = new int[Math.Max(n, _stay.Length * 2)];
        }

        Span<int> stay = _stay.AsSpan(0, n);
        stay.Fill(-1);
        if (_options.StayMinSeconds <= 0)
        {
            return;
        }

        long minMs = (long)(_options.StayMinSeconds * 1000);
        double radius2 = _options.StayRadiusMetres * _options.StayRadiusMetres;
        int id = 0;
        for (int i = 0; i < n;)
        {
            double metresPerDegreeLon = Geo.GreatCircle.EarthRadiusMetres * Math.PI / 180.0 * Math.Cos(lat[i] * Math.PI / 180.0);
            const double MetresPerDegreeLat = Geo.GreatCircle.EarthRadiusMetres * Math.PI / 180.0;
            int j = i + 1;
            while (j < n)
            {
                double dx = (lon[j] - lon[i]) * metresPerDegreeLon, dy = (lat[j] - lat[i]) * MetresPerDegreeLat;
                if ((dx * dx) + (dy * dy) > radius2)
                {
                    break;
                }

                j++;
            }

            if (j - 1 > i && timestampMs[j - 1] - timestampMs[i] >= minMs)
            {
                stay[i..j].Fill(id++);
                result.Dwells.Add(DwellRecords.Measure(lon, lat, timestampMs, i, j - i));
                result.DwellPairs += j - 1 - i;
                result.DwellSeconds += (timestampMs[j - 1] - timestampMs[i]) / 1000.0;
                i = j;
            }
            else
            {
                i++;
            }
        }

        result.Stays = id;
    }

    private void MarkVacant(ReadOnlySpan<sbyte> occupied, int n)
    {
        _anyVacant = false;
        _hasFlag = false;
        foreach (sbyte flag in occupied)
        {
            _hasFlag |= flag >= 0;
        }

        if (occupied.IsEmpty || !_options.LeaveOutVacant)
        {
            return;
        }

        if (_vacant.Length < n)
        {
            _vacant = new bool[Math.Max(n, _vacant.Length * 2)];
        }

        if (_fareEnd.Length < n)
        {
            _fareEnd = new bool[Math.Max(n, _fareEnd.Length * 2)];
        }

        for (int k = 0; k < n; k++)
        {
            _vacant[k] = occupied[k] == 0;
            _anyVacant |= _vacant[k];
        }

        // An occupied fix next to a vacant one is at a drop-off or a pick-up: the taxi stood there for a while.
        for (int k = 0; k < n; k++)
        {
            _fareEnd[k] = _options.LeaveOutFareEnds && occupied[k] == 1 && ((k + 1 < n && _vacant[k + 1]) || (k > 0 && _vacant[k - 1]));
        }
    }

    /// <summary>
    /// Ends the piece whose last fix with candidates is <paramref name="last"/>: backtracks the Viterbi path, writes the
    /// chosen candidate of each fix and the piece's traversals.
    /// </summary>
    private void Close(int last, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, TrajectoryMatch result)
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

        MarkWandering(lon, lat, timestampMs);
        BuildTraversals(piece, timestampMs, confidence, result);
    }

    /// <summary>
    /// Sets <c>_wandering[p]</c> for each pair p (chosen candidates p-1 and p) whose window of moving fixes has a
    /// directness below <see cref="MatchOptions.MinDirectness"/> (see <see cref="MatchOptions.WanderWindowSeconds"/>).
    /// Stretches are the runs of pairs with neither end in a stay; a window is the pairs of the stretch overlapping
    /// the pair's middle +- half the window, widened on the other side where the stretch ends first.
    /// </summary>
    private void MarkWandering(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs)
    {
        int pairs = _chosen.Count;
        if (_wandering.Length < pairs)
        {
            System.Array.Resize(ref _wandering, Math.Max(pairs, _wandering.Length * 2));
            System.Array.Resize(ref _pairMetres, _wandering.Length);
        }

        Span<bool> wandering = _wandering.AsSpan(0, pairs);
        wandering.Clear();
        // Where the feed says whether the taxi was occupied, that is the better evidence (vacant pairs are left out).
        if (_options.WanderWindowSeconds <= 0 || pairs < 3 || (_hasFlag && _options.LeaveOutVacant))
        {
            return;
        }

        // cumulative[p]: road metres matched over pairs 1 .. p.
        Span<double> cumulative = _pairMetres.AsSpan(0, pairs);
        cumulative[0] = 0;
        for (int p = 1; p < pairs; p++)
        {
            int i = _chosen[p - 1], j = _chosen[p];
            MatchCandidate a = _candidates[i], b = _candidates[j];
            cumulative[p] = cumulative[p - 1] + (b.Edge == a.Edge && b.OffsetMetres >= a.OffsetMetres ? b.OffsetMetres - a.OffsetMetres : _backRoute[j]);
        }

        long window = (long)(_options.WanderWindowSeconds * 1000);
        int first = 1;
        while (first < pairs)
        {
            // A stretch: pairs first .. last with neither end in a stay.
            if (Stayed(first))
            {
                first++;
                continue;
            }

            int last = first;
            while (last + 1 < pairs && !Stayed(last + 1))
            {
                last++;
            }

            int s = first, e = first;
            long stretchStart = Time(first - 1, timestampMs), stretchEnd = Time(last, timestampMs);
            for (int p = first; p <= last; p++)
            {
                long mid = (Time(p - 1, timestampMs) + Time(p, timestampMs)) / 2;
                long from = mid - (window / 2), to = mid + (window / 2);
                // Shift the window back into the stretch where it runs over an end (from and to never decrease).
                if (from < stretchStart)
                {
                    (from, to) = (stretchStart, Math.Min(stretchEnd, stretchStart + window));
                }
                else if (to > stretchEnd)
                {
                    (from, to) = (Math.Max(stretchStart, stretchEnd - window), stretchEnd);
                }

                // Pair q runs from Time(q - 1) to Time(q): s is the first ending after from, e the last starting before to.
                while (s < p && Time(s, timestampMs) <= from)
                {
                    s++;
                }

                e = Math.Max(e, p);
                while (e < last && Time(e, timestampMs) < to)
                {
                    e++;
                }

                double inside = cumulative[e] - cumulative[s - 1];
                if (inside < _options.MinWanderMetres)
                {
                    continue;
                }

                int f0 = _candidateFix[_chosen[s - 1]], f1 = _candidateFix[_chosen[e]];
                double straight = Geo.GreatCircle.DistanceMetres(lon[f0], lat[f0], lon[f1], lat[f1]);
                wandering[p] = straight < _options.MinDirectness * inside;
            }

            first = last + 1;
        }
    }

    private bool Stayed(int p) => _stay[_candidateFix[_chosen[p - 1]]] >= 0 || _stay[_candidateFix[_chosen[p]]] >= 0;

    private long Time(int chosen, ReadOnlySpan<long> timestampMs) => timestampMs[_candidateFix[_chosen[chosen]]];

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
    /// the rest of the first edge, the shortest path's edges and the start of the second edge) shares the time between
    /// the two fixes in proportion to each part's expected travel time at its edge's free-flow speed (or to its length,
    /// see <see cref="MatchOptions.ShareTimeByExpectedTravelTime"/>); consecutive pieces on one edge merge. Pairs inside
    /// a stay, into or out of one, with a vacant end, at a drop-off or pick-up (an occupied end next to a vacant fix, when
    /// <see cref="MatchOptions.LeaveOutFareEnds"/>), or
    /// inside a wandering stretch give no traversal and are counted.
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
            int si = _stay[_candidateFix[i]], sj = _stay[_candidateFix[j]];
            if (si >= 0 || sj >= 0)
            {
                Flush(result);
                if (si != sj)
                {
                    result.StayEdgePairs++;
                }

                continue;
            }

            if (_anyVacant && (_vacant[_candidateFix[i]] || _vacant[_candidateFix[j]]))
            {
                Flush(result);
                result.VacantPairs++;
                continue;
            }

            if (_anyVacant && (_fareEnd[_candidateFix[i]] || _fareEnd[_candidateFix[j]]))
            {
                // Into a drop-off or out of a pick-up: part of the pair's time was spent standing with the meter on.
                Flush(result);
                result.FareEndPairs++;
                continue;
            }

            if (_wandering[p])
            {
                Flush(result);
                result.WanderingPairs++;
                continue;
            }

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
            // Shares of the pair's time: each part's expected seconds (or metres) over the whole route's.
            double total = Weight(a.Edge, rest) + Weight(b.Edge, b.OffsetMetres);
            foreach (int e in _path)
            {
                total += Weight(e, length[e]);
            }

            double along = Weight(a.Edge, rest);
            Add(a.Edge, a.OffsetMetres, length[a.Edge], t0, Time(t0, t1, along, total), piece, pairConfidence, result);
            foreach (int e in _path)
            {
                double enter = Time(t0, t1, along, total);
                along += Weight(e, length[e]);
                Add(e, 0, length[e], enter, Time(t0, t1, along, total), piece, pairConfidence, result);
            }

            Add(b.Edge, 0, b.OffsetMetres, Time(t0, t1, along, total), t1, piece, pairConfidence, result);
        }

        Flush(result);
    }

    /// <summary>The expected seconds to drive <paramref name="metres"/> of an edge at its free-flow speed, or the metres.</summary>
    private double Weight(int edge, double metres) =>
        _options.ShareTimeByExpectedTravelTime ? metres / Math.Max(1.0, _network.FreeFlowKmh[edge]) : metres;

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
