using TrafficEngine.Geo;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// A grid of streets with jittered node positions (so shortest paths are unique), random road classes and some
/// one-way streets; plus a plain Dijkstra over it, the reference for the bounded search and the brute-force Viterbi.
/// </summary>
internal static class RandomGrid
{
    private static readonly string[] Highways = ["primary", "secondary", "residential", "trunk"];

    public static RoadNetwork Create(int size, double spacing, int seed)
    {
        var random = new Random(seed);
        var nodes = new List<(long, double, double)>();
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                nodes.Add((Id(r, c, size), (c * spacing) + ((random.NextDouble() - 0.5) * spacing * 0.4), (r * spacing) + ((random.NextDouble() - 0.5) * spacing * 0.4)));
            }
        }

        RoadNetworkBuilder b = TestNetworks.Builder([.. nodes]);
        long edge = 1;
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                foreach ((int dr, int dc) in (ValueTuple<int, int>[])[(0, 1), (1, 0)])
                {
                    if (r + dr >= size || c + dc >= size)
                    {
                        continue;
                    }

                    long a = Id(r, c, size), z = Id(r + dr, c + dc, size);
                    string highway = Highways[random.Next(Highways.Length)];
                    int kind = random.Next(6); // 0: one way forward, 1: one way back, else both
                    if (kind != 1)
                    {
                        TestNetworks.Edge(b, edge++, a, z, highway);
                    }

                    if (kind != 0)
                    {
                        TestNetworks.Edge(b, edge++, z, a, highway);
                    }
                }
            }
        }

        return b.Build();
    }

    /// <summary>Unbounded Dijkstra: distance and plausible-speed seconds (free flow x factor) to every node.</summary>
    public static (double[] Distance, double[] Seconds) Dijkstra(RoadNetwork network, int source, double speedFactor)
    {
        var distance = Enumerable.Repeat(double.PositiveInfinity, network.NodeCount).ToArray();
        var seconds = new double[network.NodeCount];
        var done = new bool[network.NodeCount];
        var queue = new PriorityQueue<int, double>();
        distance[source] = 0;
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out int node, out double d))
        {
            if (done[node])
            {
                continue;
            }

            done[node] = true;
            for (int e = network.OutOffsets[node]; e < network.OutOffsets[node + 1]; e++)
            {
                int next = network.EdgeTo[e];
                double nd = d + network.LengthMetres[e];
                if (nd < distance[next])
                {
                    distance[next] = nd;
                    seconds[next] = seconds[node] + (network.LengthMetres[e] * 3.6 / (network.FreeFlowKmh[e] * speedFactor));
                    queue.Enqueue(next, nd);
                }
            }
        }

        return (distance, seconds);
    }

    private static long Id(int row, int column, int size) => ((long)row * size) + column + 1;
}
