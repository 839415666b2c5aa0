using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Bounded least-cost path search (Dijkstra; a metre costs 1 + road class x the class preference, so with preference 0
/// it is the shortest path) over the directed network, one workspace per worker thread: one node-state record per node
/// (cost, metres, seconds, predecessor and the stamps that make it current, so a relaxation touches one cache line),
/// reset by a search stamp (never cleared), a 4-ary heap of (key, node) pairs, and the edges' cost, length, seconds
/// and head node in one record per edge in adjacency order. A search from a source node stops when every target node is
/// settled or the next node is beyond the bound. Along each path it also sums its metres and the seconds needed at
/// plausible speed (free-flow x factor), for the transition's distance and speed check.
/// <para>
/// Searches are cached per source node within a trajectory: the settled nodes (cost, metres, seconds, predecessor) of
/// each search go to a pooled list; a later request from the same source replays them instead of searching again when
/// they answer it (its targets were settled, or its bound lies within the settled radius). The pool has a fixed
/// capacity and is emptied when full, so memory stays O(nodes) per worker however large the network: no all-pairs
/// table. Answers never depend on the cache: a distance is returned only when it is the length of the exact least-cost
/// path and within the bound asked for.
/// </para>
/// </summary>
internal sealed class RouteSearch
{
    /// <summary>
    /// The straight distance in the local projection is shrunk by this much before it bounds a road distance: the
    /// projection's scale drifts by about 0.2 % across a city, and edge lengths are great-circle metres.
    /// </summary>
    private const double HeuristicShrink = 0.99;

    /// <summary>Settled nodes kept across cached searches before the cache is emptied.</summary>
    internal const int PoolCapacity = 1 << 18;

    private readonly RoadNetwork _network;
    private readonly double[] _secondsPerMetre;
    private readonly double[] _costPerMetre;
    private readonly double _maxCostPerMetre;
    private readonly int[] _outOffsets;
    private readonly EdgeStep[] _steps;
    private readonly NodeState[] _state;
    private readonly LocalProjection _projection;
    private readonly double[] _nodeX;
    private readonly double[] _nodeY;
    private HeapItem[] _heap = new HeapItem[256];
    private int _heapCount;
    private int _stamp;
    private double _bound;

    private readonly Dictionary<int, CacheEntry> _cache = [];
    private readonly PoolEntry[] _pool = new PoolEntry[PoolCapacity];
    private int _poolCount;

    public RouteSearch(RoadNetwork network, double speedFactor, double classPreference = 0)
    {
        _network = network;
        _state = new NodeState[network.NodeCount];
        LocalProjection projection = _projection = LocalProjection.For(network);
        _nodeX = new double[network.NodeCount];
        _nodeY = new double[network.NodeCount];
        for (int n = 0; n < network.NodeCount; n++)
        {
            _nodeX[n] = projection.X(network.NodeLon[n]);
            _nodeY[n] = projection.Y(network.NodeLat[n]);
        }

        _outOffsets = network.OutOffsets.ToArray();
        _secondsPerMetre = new double[network.EdgeCount];
        _costPerMetre = new double[network.EdgeCount];
        _steps = new EdgeStep[network.EdgeCount];
        _maxCostPerMetre = 1 + ((RoadClasses.Count - 1) * classPreference);
        ReadOnlySpan<double> length = network.LengthMetres;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            _secondsPerMetre[e] = 3.6 / (Math.Max(network.FreeFlowKmh[e], 1f) * speedFactor);
            _costPerMetre[e] = 1 + ((int)network.Classes[e] * classPreference);
            _steps[e] = new EdgeStep(length[e] * _costPerMetre[e], length[e], length[e] * _secondsPerMetre[e], network.EdgeTo[e]);
        }
    }

    /// <summary>The node searched from by the last <see cref="Load(int, ReadOnlySpan{int}, double)"/>.</summary>
    public int Source { get; private set; } = -1;

    /// <summary>Searches run (not answered from the cache), for diagnostics and tests.</summary>
    public long Searches { get; private set; }

    /// <summary>Nodes settled by searches run, for diagnostics.</summary>
    public long Settled { get; private set; }

    /// <summary>Requests answered from the cache.</summary>
    public long CacheHits { get; private set; }

    /// <summary>Seconds per metre on edge e at plausible speed.</summary>
    public double SecondsPerMetre(int edge) => _secondsPerMetre[edge];

    /// <summary>Cost per metre of an edge: 1 + class x the class preference.</summary>
    public double CostPerMetre(int edge) => _costPerMetre[edge];

    /// <summary>Forgets cached searches (at the start of each trajectory).</summary>
    public void Reset()
    {
        _cache.Clear();
        _poolCount = 0;
    }

    /// <summary>
    /// Makes the least-cost paths from <paramref name="source"/> to every node of <paramref name="targets"/> whose
    /// length is within <paramref name="bound"/> metres available through <see cref="Distance"/>, <see cref="Cost"/> and
    /// <see cref="Seconds"/>.
    /// </summary>
    public void Load(int source, ReadOnlySpan<int> targets, double bound) => Load(source, targets, bound, double.PositiveInfinity, null, null);

    /// <summary>
    /// As <see cref="Load(int, ReadOnlySpan{int}, double)"/>, with three more things. A target whose least-cost path
    /// costs more than <paramref name="maxCost"/> may be reported unreachable (the caller has no use for it).
    /// <paramref name="observer"/> is told of each target the search settles and answers with a new, never larger, cost
    /// bound (when it knows that targets past some cost can no longer matter); a request answered from the cache does
    /// not call it. And the search is goal-directed (A*) towards a point (WGS-84) near the targets: a node is keyed by
    /// its cost plus its straight distance to the smallest circle around the point that holds every target node, a
    /// lower bound of any path from it to a target, so the search covers an ellipse towards the targets instead of a
    /// disk. Costs stay exact; such a search answers later requests from the cache only for the nodes it settled.
    /// </summary>
    public void Load(int source, ReadOnlySpan<int> targets, double bound, double maxCost, IRouteObserver? observer,
        double goalLon, double goalLat) => Load(source, targets, bound, maxCost, observer, Goal(targets, goalLon, goalLat));

    private void Load(int source, ReadOnlySpan<int> targets, double bound, double maxCost, IRouteObserver? observer, RouteGoal? goal)
    {
        Source = source;
        _bound = bound;
        // Every path of at most `bound` metres costs at most bound x the largest cost per metre.
        double costBound = Math.Min(bound * _maxCostPerMetre, maxCost);
        if (_cache.TryGetValue(source, out CacheEntry entry))
        {
            Replay(entry);
            if (entry.Radius > costBound || AllSettled(targets))
            {
                CacheHits++;
                return;
            }
        }

        Search(source, targets, costBound, observer, goal);
    }

    /// <summary>Length of the least-cost path from the loaded source to a node; +infinity when beyond the bound of the <see cref="Load(int, ReadOnlySpan{int}, double)"/>.</summary>
    public double Distance(int node)
    {
        ref NodeState state = ref _state[node];
        return state.Settled == _stamp && state.Distance <= _bound ? state.Distance : double.PositiveInfinity;
    }

    /// <summary>Cost (metres weighted by road class) of the least-cost path to a settled node.</summary>
    public double Cost(int node) => _state[node].Cost;

    /// <summary>Seconds at plausible speed along the least-cost path to a settled node.</summary>
    public double Seconds(int node) => _state[node].Seconds;

    /// <summary>Appends the edges of the least-cost path from the loaded source to a settled node, in driving order.</summary>
    public void AppendPath(int node, List<int> edges)
    {
        int start = edges.Count;
        while (node != Source)
        {
            int edge = _state[node].Predecessor;
            edges.Add(edge);
            node = _network.EdgeFrom[edge];
        }

        edges.Reverse(start, edges.Count - start);
    }

    private bool AllSettled(ReadOnlySpan<int> targets)
    {
        foreach (int t in targets)
        {
            if (_state[t].Settled != _stamp)
            {
                return false;
            }
        }

        return true;
    }

    private void Replay(CacheEntry entry)
    {
        int stamp = ++_stamp;
        ReadOnlySpan<PoolEntry> pool = _pool.AsSpan(entry.Start, entry.Count);
        foreach (ref readonly PoolEntry item in pool)
        {
            ref NodeState state = ref _state[item.Node];
            state.Settled = stamp;
            state.Cost = item.Cost;
            state.Distance = item.Distance;
            state.Seconds = item.Seconds;
            state.Predecessor = item.Predecessor;
        }
    }

    private void Search(int source, ReadOnlySpan<int> targets, double bound, IRouteObserver? observer, RouteGoal? goal)
    {
        bool directed = goal.HasValue;
        RouteGoal g = goal.GetValueOrDefault();
        Searches++;
        int stamp = ++_stamp;
        NodeState[] states = _state;
        int remaining = 0;
        foreach (int t in targets)
        {
            if (states[t].Target != stamp)
            {
                states[t].Target = stamp;
                remaining++;
            }
        }

        if (_poolCount > PoolCapacity / 2)
        {
            Reset();
        }

        int[] outOffsets = _outOffsets;
        EdgeStep[] steps = _steps;
        bool overflow = false, beyond = false;
        int poolStart = _poolCount;
        double radius = double.PositiveInfinity;
        _heapCount = 0;
        ref NodeState origin = ref states[source];
        origin.Reached = stamp;
        origin.Cost = 0;
        origin.Distance = 0;
        origin.Seconds = 0;
        origin.Predecessor = -1;
        Push(directed ? Heuristic(source, g) : 0, source);
        while (_heapCount > 0)
        {
            HeapItem top = _heap[0];
            Pop();
            ref NodeState current = ref states[top.Node];
            if (current.Settled == stamp)
            {
                continue;
            }

            double d = top.Key;
            if (d > bound)
            {
                radius = bound; // every node up to the bound is settled (skipped ones lie beyond the bound they met)
                break;
            }

            current.Settled = stamp;
            Settled++;
            if (_poolCount < PoolCapacity)
            {
                _pool[_poolCount++] = new PoolEntry(top.Node, current.Predecessor, current.Cost, current.Distance, current.Seconds);
            }
            else
            {
                overflow = true;
            }

            if (current.Target == stamp)
            {
                if (--remaining == 0)
                {
                    radius = d;
                    break;
                }

                if (observer is not null)
                {
                    bound = Math.Min(bound, observer.TargetSettled(top.Node, current.Cost, current.Distance, current.Seconds));
                }
            }

            double seconds = current.Seconds, metres = current.Distance, reached = current.Cost;
            for (int e = outOffsets[top.Node], end = outOffsets[top.Node + 1]; e < end; e++)
            {
                ref readonly EdgeStep step = ref steps[e];
                ref NodeState next = ref states[step.To];
                double cost = reached + step.Cost;
                if (next.Settled == stamp || (next.Reached == stamp && cost >= next.Cost))
                {
                    continue;
                }

                double key = directed ? cost + Heuristic(step.To, g) : cost;
                if (key > bound)
                {
                    beyond = true; // never pushed: the search is complete only up to the bound
                    continue;
                }

                next.Reached = stamp;
                next.Cost = cost;
                next.Distance = metres + step.Length;
                next.Seconds = seconds + step.Seconds;
                next.Predecessor = e;
                Push(key, step.To);
            }
        }

        if (_heapCount == 0 && beyond && radius > bound)
        {
            radius = bound; // ran out of nodes within the bound: every node up to it is settled, none beyond
        }

        if (directed)
        {
            radius = double.NegativeInfinity; // keys held the distance to this goal: only settled nodes are known
        }

        if (overflow)
        {
            _cache.Remove(source); // a truncated record cannot answer later requests
        }
        else
        {
            _cache[source] = new CacheEntry(poolStart, _poolCount - poolStart, radius);
        }
    }

    /// <summary>Adds to the 4-ary min-heap (children of i at 4i+1..4i+4: half the levels of a binary heap).</summary>
    private RouteGoal Goal(ReadOnlySpan<int> targets, double lon, double lat)
    {
        double x = _projection.X(lon), y = _projection.Y(lat), radius = 0;
        foreach (int t in targets)
        {
            double dx = _nodeX[t] - x, dy = _nodeY[t] - y;
            radius = Math.Max(radius, Math.Sqrt((dx * dx) + (dy * dy)) * HeuristicShrink);
        }

        return new RouteGoal(x, y, radius);
    }

    /// <summary>A lower bound of the cost from a node to any target: its straight distance to the goal's circle.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double Heuristic(int node, RouteGoal goal)
    {
        double dx = _nodeX[node] - goal.X, dy = _nodeY[node] - goal.Y;
        return Math.Max(0, (Math.Sqrt((dx * dx) + (dy * dy)) * HeuristicShrink) - goal.Radius);
    }

    private void Push(double key, int node)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        HeapItem[] heap = _heap;
        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (heap[parent].Key <= key)
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = new HeapItem(key, node);
    }

    /// <summary>Removes the minimum (the caller has read heap[0]).</summary>
    private void Pop()
    {
        int last = --_heapCount;
        if (last == 0)
        {
            return;
        }

        HeapItem[] heap = _heap;
        HeapItem item = heap[last];
        int i = 0;
        while (true)
        {
            int child = (4 * i) + 1;
            if (child >= last)
            {
                break;
            }

            int end = Math.Min(child + 4, last), best = child;
            double bestKey = heap[child].Key;
            for (int c = child + 1; c < end; c++)
            {
                if (heap[c].Key < bestKey)
                {
                    bestKey = heap[c].Key;
                    best = c;
                }
            }

            if (bestKey >= item.Key)
            {
                break;
            }

            heap[i] = heap[best];
            i = best;
        }

        heap[i] = item;
    }

    /// <summary>A cached search: its settled nodes in the pool and the cost up to which every node is settled.</summary>
    private readonly record struct CacheEntry(int Start, int Count, double Radius);

    /// <summary>One edge as the search relaxes it: cost, metres and plausible seconds, and its head node.</summary>
    private readonly record struct EdgeStep(double Cost, double Length, double Seconds, int To);

    /// <summary>A settled node of a cached search.</summary>
    private readonly record struct PoolEntry(int Node, int Predecessor, double Cost, double Distance, double Seconds);

    private readonly record struct HeapItem(double Key, int Node);

    /// <summary>A node's search state; the stamps say which search the other fields belong to.</summary>
    private struct NodeState
    {
        public double Cost;
        public double Distance;
        public double Seconds;
        public int Predecessor;
        public int Settled;
        public int Reached;
        public int Target;
    }
}

/// <summary>Told by <see cref="RouteSearch"/> of each target node it settles; answers with the cost bound still worth searching.</summary>
internal interface IRouteObserver
{
    double TargetSettled(int node, double cost, double metres, double seconds);
}

/// <summary>Where a goal-directed search heads: a point in the network's local projection and a radius holding every target node.</summary>
internal readonly record struct RouteGoal(double X, double Y, double Radius);

