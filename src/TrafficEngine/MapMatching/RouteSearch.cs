using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Bounded shortest-path search (Dijkstra on edge lengths) over the directed network, one workspace per worker thread:
/// node-indexed arrays reset by a search stamp (never cleared), a binary heap on flat arrays. A search from a source
/// node stops when every target node is settled or the next node is beyond the bound. Along each shortest path it
/// also sums the seconds needed at plausible speed (free-flow x factor), for the speed check of transitions.
/// <para>
/// Searches are cached per source node within a trajectory: the settled nodes (distance, seconds, predecessor edge) of
/// each search go to a pooled list; a later request from the same source replays them instead of searching again when
/// they answer it (its targets were settled, or its bound lies within the settled radius). The pool has a fixed
/// capacity and is emptied when full, so memory stays O(nodes) per worker however large the network: no all-pairs
/// table. Answers never depend on the cache: a distance is returned only when it is the exact shortest distance and
/// within the bound asked for.
/// </para>
/// </summary>
internal sealed class RouteSearch
{
    /// <summary>Settled nodes kept across cached searches before the cache is emptied.</summary>
    internal const int PoolCapacity = 1 << 18;

    private readonly RoadNetwork _network;
    private readonly double[] _secondsPerMetre;
    private readonly double[] _costPerMetre;
    private readonly double _maxCostPerMetre;
    private readonly double[] _cost;
    private readonly double[] _distance;
    private readonly double[] _seconds;
    private readonly int[] _predecessor;
    private readonly int[] _settledStamp;
    private readonly int[] _reachedStamp;
    private readonly int[] _targetStamp;
    private double[] _heapKey = new double[256];
    private int[] _heapNode = new int[256];
    private int _heapCount;
    private int _stamp;
    private double _bound;

    private readonly Dictionary<int, CacheEntry> _cache = [];
    private readonly int[] _poolNode = new int[PoolCapacity];
    private readonly int[] _poolPredecessor = new int[PoolCapacity];
    private readonly double[] _poolDistance = new double[PoolCapacity];
    private readonly double[] _poolCost = new double[PoolCapacity];
        private readonly double[] _poolSeconds = new double[PoolCapacity];
    private int _poolCount;

    public RouteSearch(RoadNetwork network, double speedFactor, double classPreference = 0)
    {
        _network = network;
        int nodes = network.NodeCount;
        _cost = new double[nodes];
        _distance = new double[nodes];
        _seconds = new double[nodes];
        _predecessor = new int[nodes];
        _settledStamp = new int[nodes];
        _reachedStamp = new int[nodes];
        _targetStamp = new int[nodes];
        _secondsPerMetre = new double[network.EdgeCount];
        _costPerMetre = new double[network.EdgeCount];
        _maxCostPerMetre = 1 + ((RoadClasses.Count - 1) * classPreference);
        for (int e = 0; e < network.EdgeCount; e++)
        {
            _secondsPerMetre[e] = 3.6 / (Math.Max(network.FreeFlowKmh[e], 1f) * speedFactor);
            _costPerMetre[e] = 1 + ((int)network.Classes[e] * classPreference);
        }
    }

    /// <summary>The node searched from by the last <see cref="Load"/>.</summary>
    public int Source { get; private set; } = -1;

    /// <summary>Searches run (not answered from the cache), for diagnostics and tests.</summary>
    public long Searches { get; private set; }

    /// <summary>Nodes settled by searches run, for diagnostics.</summary>
    public long Settled { get; private set; }

    /// <summary>Requests answered from the cache.</summary>
    public long CacheHits { get; private set; }

    /// <summary>Seconds per metre on edge e at plausible speed.</summary>
    public double SecondsPerMetre(int edge) => _secondsPerMetre[edge];

    /// <summary>Forgets cached searches (at the start of each trajectory).</summary>
    public void Reset()
    {
        _cache.Clear();
        _poolCount = 0;
    }

    /// <summary>
    /// Makes the shortest distances from <paramref name="source"/> to every node of <paramref name="targets"/> that
    /// lies within <paramref name="bound"/> metres available through <see cref="Distance"/> and <see cref="Seconds"/>.
    /// </summary>
    public void Load(int source, ReadOnlySpan<int> targets, double bound)
    {
        Source = source;
        _bound = bound;
        double costBound = bound * _maxCostPerMetre; // every path of at most `bound` metres costs at most this
        if (_cache.TryGetValue(source, out CacheEntry entry))
        {
            Replay(entry);
            if (entry.Radius > costBound || AllSettled(targets))
            {
                CacheHits++;
                return;
            }
        }

        Search(source, targets, costBound);
    }

    /// <summary>Shortest distance from the loaded source to a node; +infinity when beyond the bound of the <see cref="Load"/>.</summary>
    public double Distance(int node) => _settledStamp[node] == _stamp && _distance[node] <= _bound ? _distance[node] : double.PositiveInfinity;

    /// <summary>Cost (metres weighted by road class) of the least-cost path to a settled node.</summary>
    public double Cost(int node) => _cost[node];

    /// <summary>Cost per metre of an edge: 1 + class x the class preference.</summary>
    public double CostPerMetre(int edge) => _costPerMetre[edge];

    /// <summary>Seconds at plausible speed along the shortest path to a settled node.</summary>
    public double Seconds(int node) => _seconds[node];

    /// <summary>Appends the edges of the shortest path from the loaded source to a settled node, in driving order.</summary>
    public void AppendPath(int node, List<int> edges)
    {
        int start = edges.Count;
        while (node != Source)
        {
            int edge = _predecessor[node];
            edges.Add(edge);
            node = _network.EdgeFrom[edge];
        }

        edges.Reverse(start, edges.Count - start);
    }

    private bool AllSettled(ReadOnlySpan<int> targets)
    {
        foreach (int t in targets)
        {
            if (_settledStamp[t] != _stamp)
            {
                return false;
            }
        }

        return true;
    }

    private void Replay(CacheEntry entry)
    {
        _stamp++;
        for (int i = entry.Start; i < entry.Start + entry.Count; i++)
        {
            int node = _poolNode[i];
            _settledStamp[node] = _stamp;
            _distance[node] = _poolDistance[i];
            _cost[node] = _poolCost[i];
            _seconds[node] = _poolSeconds[i];
            _predecessor[node] = _poolPredecessor[i];
        }
    }

    private void Search(int source, ReadOnlySpan<int> targets, double bound)
    {
        Searches++;
        int stamp = ++_stamp;
        int remaining = 0;
        foreach (int t in targets)
        {
            if (_targetStamp[t] != stamp)
            {
                _targetStamp[t] = stamp;
                remaining++;
            }
        }

        ReadOnlySpan<int> outOffsets = _network.OutOffsets;
        ReadOnlySpan<int> edgeTo = _network.EdgeTo;
        ReadOnlySpan<double> length = _network.LengthMetres;
        if (_poolCount > PoolCapacity / 2)
        {
            Reset();
        }

        bool overflow = false;

        int poolStart = _poolCount;
        double radius = double.PositiveInfinity;
        _heapCount = 0;
        _reachedStamp[source] = stamp;
        _cost[source] = 0;
        _distance[source] = 0;
        _seconds[source] = 0;
        _predecessor[source] = -1;
        Push(0, source);
        while (_heapCount > 0)
        {
            double d = _heapKey[0];
            int node = _heapNode[0];
            Pop();
            if (_settledStamp[node] == stamp)
            {
                continue;
            }

            if (d > bound)
            {
                radius = d;
                break;
            }

            _settledStamp[node] = stamp;
            Settled++;
            if (_poolCount < PoolCapacity)
            {
                _poolNode[_poolCount] = node;
                _poolDistance[_poolCount] = _distance[node];
                _poolCost[_poolCount] = d;
                _poolSeconds[_poolCount] = _seconds[node];
                _poolPredecessor[_poolCount] = _predecessor[node];
                _poolCount++;
            }
            else
            {
                overflow = true;
            }

            if (_targetStamp[node] == stamp && --remaining == 0)
            {
                radius = d;
                break;
            }

            double s = _seconds[node], metres = _distance[node];
            for (int e = outOffsets[node]; e < outOffsets[node + 1]; e++)
            {
                int next = edgeTo[e];
                double nc = d + (length[e] * _costPerMetre[e]);
                if (_settledStamp[next] == stamp || (_reachedStamp[next] == stamp && nc >= _cost[next]))
                {
                    continue;
                }

                _reachedStamp[next] = stamp;
                _cost[next] = nc;
                _distance[next] = metres + length[e];
                _seconds[next] = s + (length[e] * _secondsPerMetre[e]);
                _predecessor[next] = e;
                Push(nc, next);
            }
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

    private void Push(double key, int node)
    {
        if (_heapCount == _heapKey.Length)
        {
            Array.Resize(ref _heapKey, _heapKey.Length * 2);
            Array.Resize(ref _heapNode, _heapNode.Length * 2);
        }

        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_heapKey[parent] <= key)
            {
                break;
            }

            _heapKey[i] = _heapKey[parent];
            _heapNode[i] = _heapNode[parent];
            i = parent;
        }

        _heapKey[i] = key;
        _heapNode[i] = node;
    }

    private void Pop()
    {
        int last = --_heapCount;
        if (last == 0)
        {
            return;
        }

        double key = _heapKey[last];
        int node = _heapNode[last];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= last)
            {
                break;
            }

            if (child + 1 < last && _heapKey[child + 1] < _heapKey[child])
            {
                child++;
            }

            if (_heapKey[child] >= key)
            {
                break;
            }

            _heapKey[i] = _heapKey[child];
            _heapNode[i] = _heapNode[child];
            i = child;
        }

        _heapKey[i] = key;
        _heapNode[i] = node;
    }

    /// <summary>A cached search: its settled nodes in the pool and the distance below which every node is settled.</summary>
    private readonly record struct CacheEntry(int Start, int Count, double Radius);
}
