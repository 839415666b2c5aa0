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

    public FastestPath(RoadNetwork network, double[] edgeSeconds)
    {
        _network = network;
        _edgeSeconds = edgeSeconds;
        _seconds = new double[network.NodeCount];
        _viaEdge = new int[network.NodeCount];
    }

    /// <summary>Travel time in seconds from the last search's origin; infinity when unreachable.</summary>
    public ReadOnlySpan<double> Seconds => _seconds;

    /// <summary>Runs the search from <paramref name="origin"/> over the whole reachable graph.</summary>
    public void Search(int origin)
    {
        Array.Fill(_seconds, double.PositiveInfinity);
        Array.Fill(_viaEdge, -1);
        _queue.Clear();
        _seconds[origin] = 0;
        _queue.Enqueue(origin, 0);
        ReadOnlySpan<int> outOffsets = _network.OutOffsets;
        ReadOnlySpan<int> to = _network.EdgeTo;
        while (_queue.TryDequeue(out int node, out double seconds))
        {
            if (seconds > _seconds[node])
            {
                continue;
            }

            for (int e = outOffsets[node]; e < outOffsets[node + 1]; e++)
            {
                double reached = seconds + _edgeSeconds[e];
                int next = to[e];
                if (reached < _seconds[next])
                {
                    _seconds[next] = reached;
                    _viaEdge[next] = e;
                    _queue.Enqueue(next, reached);
                }
            }
        }
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
