using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// Dijkstra on edge travel times over the directed graph, from one node to every node (reused buffers, one search per
/// call). Used to lay simulated trips on the routes real drivers would take.
/// </summary>
internal sealed class FastestPath
{
    private readonly RoadNetwork _network;
    private readonly double[] _edgeSeconds;
    private readonly double[] _seconds;
    private readonly int[] _viaEdge;
    private readonly PriorityQueue<int, double> _queue = new();
    private readonly double[] _metres;

    public FastestPath(RoadNetwork network, double[] edgeSeconds)
    {
        _network = network;
        _edgeSeconds = edgeSeconds;
        _seconds = new double[network.NodeCount];
        _viaEdge = new int[network.NodeCount];
        _metres = new double[network.NodeCount];
    }

    /// <summary>Travel time in seconds from the last search's origin; infinity when unreachable.</summary>
    public ReadOnlySpan<double> Seconds => _seconds;

    /// <summary>Length in metres of the fastest path from the last search's origin (meaningful where <see cref="Seconds"/> is finite).</summary>
    public ReadOnlySpan<double> Metres => _metres;

    /// <summary>Runs the search from <paramref name="origin"/> over the whole reachable graph.</summary>
    public void Search(int origin) => Run(origin, double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>
    /// Searches from <paramref name="origin"/> until it settles a node whose fastest path is between
    /// <paramref name="minMetres"/> and <paramref name="maxMetres"/> long, and returns it (-1 when none is reachable);
    /// <see cref="PathTo"/> then gives the path. Stops early, so a trip costs the area it covers, not the network.
    /// </summary>
    public int SearchToDistance(int origin, double minMetres, double maxMetres) => Run(origin, minMetres, maxMetres);

    /// <summary>Dijkstra from <paramref name="origin"/>, stopping at the first settled node within the length bounds.</summary>
    private int Run(int origin, double minMetres, double maxMetres)
    {
        Array.Fill(_seconds, double.PositiveInfinity);
        Array.Fill(_viaEdge, -1);
        _queue.Clear();
        _seconds[origin] = 0;
        _metres[origin] = 0;
        _queue.Enqueue(origin, 0);
        ReadOnlySpan<int> outOffsets = _network.OutOffsets;
        ReadOnlySpan<int> to = _network.EdgeTo;
        ReadOnlySpan<double> length = _network.LengthMetres;
        while (_queue.TryDequeue(out int node, out double seconds))
        {
            if (seconds > _seconds[node])
            {
                continue;
            }

            if (_metres[node] >= minMetres && _metres[node] <= maxMetres)
            {
                return node;
            }

            for (int e = outOffsets[node]; e < outOffsets[node + 1]; e++)
            {
                double reached = seconds + _edgeSeconds[e];
                int next = to[e];
                if (reached < _seconds[next])
                {
                    _seconds[next] = reached;
                    _metres[next] = _metres[node] + length[e];
                    _viaEdge[next] = e;
                    _queue.Enqueue(next, reached);
                }
            }
        }

        return -1;
    }

    /// <summary>The edges from the last search's origin to <paramref name="destination"/>, in driving order.</summary>
    public void PathTo(int destination, List<int> edges)
    {
        edges.Clear();
        for (int node = destination; _viaEdge[node] >= 0; node = _network.EdgeFrom[_viaEdge[node]])
        {
            edges.Add(_viaEdge[node]);
        }

        edges.Reverse();
    }
}
