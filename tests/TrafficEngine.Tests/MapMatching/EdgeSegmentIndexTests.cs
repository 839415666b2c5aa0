using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// The packed tree's candidate query against a brute-force scan of every edge's geometry and against NetTopologySuite's
/// own query. The suite runs again with hardware intrinsics off, which takes the scalar leaf scan instead of the
/// vector one: both must give these same answers.
/// </summary>
public sealed class EdgeSegmentIndexTests
{
    [Theory]
    [InlineData(21, 100, 8)]
    [InlineData(22, 100, 12)]
    [InlineData(23, 250, 64)]
    [InlineData(24, 40, 3)]
    public void Query_RandomPoints_SameAsBruteForceAndNetTopologySuite(int seed, double radius, int max)
    {
        RoadNetwork network = RandomGrid.Create(14, 120, seed);
        var index = new EdgeSegmentIndex(network, LocalProjection.For(network));
        var random = new Random(seed);
        var candidates = new MatchCandidate[max];
        var viaTree = new MatchCandidate[max];
        var scratch = new MatchCandidate[network.EdgeCount];
        var visitor = new EdgeSegmentIndex.TreeVisitor(network.EdgeCount);
        double[] xs = network.NodeLon.ToArray().Select(index.Projection.X).ToArray();
        double[] ys = network.NodeLat.ToArray().Select(index.Projection.Y).ToArray();
        double minX = xs.Min() - 100, spanX = xs.Max() + 100 - minX, minY = ys.Min() - 100, spanY = ys.Max() + 100 - minY;
        int nonEmpty = 0;
        for (int q = 0; q < 500; q++)
        {
            double x = minX + (random.NextDouble() * spanX), y = minY + (random.NextDouble() * spanY);

            int found = index.Query(x, y, radius, candidates, scratch);
            int foundTree = index.QueryTree(x, y, radius, viaTree, visitor);
            List<MatchCandidate> all = BruteForce(network, index.Projection, x, y, radius);
            Dictionary<int, MatchCandidate> byEdge = all.ToDictionary(c => c.Edge);

            Assert.Equal(Math.Min(all.Count, max), found);
            Assert.Equal(found, foundTree);
            Assert.Equal(found, candidates.Take(found).Select(c => c.Edge).Distinct().Count());
            for (int i = 0; i < found; i++)
            {
                // The i-th nearest distance; which of two edges at the same distance (the two directions of a
                // two-way road, computed from reversed points) comes first depends on the last bits.
                Assert.Equal(all[i].DistanceMetres, candidates[i].DistanceMetres, 6);
                MatchCandidate same = byEdge[candidates[i].Edge];
                Assert.Equal(same.DistanceMetres, candidates[i].DistanceMetres, 6);
                Assert.Equal(same.OffsetMetres, candidates[i].OffsetMetres, 6);
                Assert.Equal(candidates[i], viaTree[i]);
            }

            nonEmpty += found > 0 ? 1 : 0;
        }

        Assert.True(nonEmpty > 250, $"only {nonEmpty} of 500 queries found anything: the test checks too little");
    }

    /// <summary>Per edge, the nearest point of its polyline within the radius; nearest first.</summary>
    private static List<MatchCandidate> BruteForce(RoadNetwork network, LocalProjection projection, double x, double y, double radius)
    {
        var all = new List<MatchCandidate>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            ReadOnlySpan<double> lon = network.EdgeLon(e), lat = network.EdgeLat(e);
            double along = 0, best = double.PositiveInfinity, bestOffset = 0;
            for (int p = 1; p < lon.Length; p++)
            {
                double ax = projection.X(lon[p - 1]), ay = projection.Y(lat[p - 1]);
                double bx = projection.X(lon[p]), by = projection.Y(lat[p]);
                double dx = bx - ax, dy = by - ay, length2 = (dx * dx) + (dy * dy);
                double t = length2 > 0 ? Math.Clamp((((x - ax) * dx) + ((y - ay) * dy)) / length2, 0, 1) : 0;
                double distance = Math.Sqrt(Math.Pow(ax + (t * dx) - x, 2) + Math.Pow(ay + (t * dy) - y, 2));
                double piece = GreatCircle.DistanceMetres(lon[p - 1], lat[p - 1], lon[p], lat[p]);
                if (distance < best)
                {
                    best = distance;
                    bestOffset = Math.Min(along + (t * piece), network.LengthMetres[e]);
                }

                along += piece;
            }

            if (best <= radius)
            {
                all.Add(new MatchCandidate(e, bestOffset, best));
            }
        }

        return [.. all.OrderBy(c => c.DistanceMetres).ThenBy(c => c.Edge)];
    }
}
