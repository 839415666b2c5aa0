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

    /// <summary>
    /// Unbounded Dijkstra on least cost (a metre costs 1 + road class x <paramref name="classPreference"/>): along each
    /// least-cost path its cost, its length in metres and its plausible-speed seconds (free flow x factor).
    /// </summary>
    public static (double[] Distance, double[] Seconds, double[] Cost) Dijkstra(RoadNetwork network, int source, double speedFactor, double classPreference = 0)
    {
        var cost = Enumerable.Repeat(double.PositiveInfinity, network.NodeCount).ToArray();
        var distance = Enumerable.Repeat(double.PositiveInfinity, network.NodeCount).ToArray();
        var seconds = new double[network.NodeCount];
        var done = new bool[network.NodeCount];
        var queue = new PriorityQueue<int, double>();
        cost[source] = 0;
        distance[source] = 0;
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out int node, out double c))
        {
            if (done[node])
            {
                continue;
            }

            done[node] = true;
            for (int e = network.OutOffsets[node]; e < network.OutOffsets[node + 1]; e++)
            {
                int next = network.EdgeTo[e];
                double nc = c + (network.LengthMetres[e] * (1 + ((int)network.Classes[e] * classPreference)));
                if (nc < cost[next])
                {
                    cost[next] = nc;
                    distance[next] = distance[node] + network.LengthMetres[e];
                    seconds[next] = seconds[node] + (network.LengthMetres[e] * 3.6 / (network.FreeFlowKmh[e] * speedFactor));
                    queue.Enqueue(next, nc);
                }
            }
        }

        return (distance, seconds, cost);
    }

    private static long Id(int row, int column, int size) => ((long)row * size) + column + 1;
}
