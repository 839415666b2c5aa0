using TrafficEngine.Geo;
using TrafficEngine.Tests.MapMatching;

namespace TrafficEngine.Tests.Geo;

public sealed class NetworkComponentsTests
{
    /// <summary>
    /// A two-way square 1-2-3-4, a one-way spur 4 -> 5 (5 reaches nothing), a one-way feeder 6 -> 1 (nothing reaches
    /// 6), and a separate two-way pair 7 - 8: components {1,2,3,4}, {5}, {6}, {7,8}.
    /// </summary>
    [Fact]
    public void StronglyConnected_SquareSpurFeederAndIsland_FourComponentsLargestIsTheSquare()
    {
        var builder = new RoadNetworkBuilder();
        for (int id = 1; id <= 8; id++)
        {
            builder.AddNode(id, 116.40 + (id * 0.001), 39.90 + ((id % 2) * 0.001));
        }

        long edge = 1;
        void Road(long from, long to) => builder.AddEdge(edge++, edge, from, to, "primary", null, 0, 50, [], []);
        foreach ((long a, long b) in new[] { (1L, 2L), (2L, 3L), (3L, 4L), (4L, 1L), (7L, 8L) })
        {
            Road(a, b);
            Road(b, a);
        }

        Road(4, 5);
        Road(6, 1);
        RoadNetwork network = builder.Build();
        (int[] component, int count) = NetworkComponents.StronglyConnected(network);
        Assert.Equal(4, count);
        int Of(long id) => component[network.FindNode(id)];
        Assert.True(Of(1) == Of(2) && Of(2) == Of(3) && Of(3) == Of(4));
        Assert.Equal(Of(7), Of(8));
        Assert.Equal(4, new[] { Of(1), Of(5), Of(6), Of(7) }.Distinct().Count());
        bool[] largest = NetworkComponents.Largest(network);
        Assert.Equal(new[] { true, true, true, true, false, false, false, false }, Enumerable.Range(1, 8).Select(id => largest[network.FindNode(id)]));
    }

    /// <summary>On the real Beijing network every node of the largest component reaches every other: checked by a search from one node both ways.</summary>
    [Fact]
    public void Largest_BeijingNetwork_IsMutuallyReachableAndHoldsMostNodes()
    {
        RoadNetwork network = BeijingEdgeCsv.Network;
        bool[] largest = NetworkComponents.Largest(network);
        int seed = Array.IndexOf(largest, true);
        bool[] forward = Reach(network, seed, outward: true), backward = Reach(network, seed, outward: false);
        for (int v = 0; v < network.NodeCount; v++)
        {
            Assert.Equal(largest[v], forward[v] && backward[v]);
        }

        Assert.True(largest.Count(x => x) > 0.9 * network.NodeCount, $"{largest.Count(x => x)} of {network.NodeCount}");
    }

    private static bool[] Reach(RoadNetwork network, int seed, bool outward)
    {
        var seen = new bool[network.NodeCount];
        var queue = new Queue<int>();
        seen[seed] = true;
        queue.Enqueue(seed);
        while (queue.TryDequeue(out int v))
        {
            int from = outward ? network.OutOffsets[v] : network.InOffsets[v], to = outward ? network.OutOffsets[v + 1] : network.InOffsets[v + 1];
            for (int i = from; i < to; i++)
            {
                int next = outward ? network.EdgeTo[i] : network.EdgeFrom[network.InEdges[i]];
                if (!seen[next])
                {
                    seen[next] = true;
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }
}
