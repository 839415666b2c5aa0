using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>The bounded search against a plain Dijkstra, and Viterbi against enumeration of every candidate sequence.</summary>
public sealed class MatcherAlgorithmTests
{
    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(2, 0, false)]
    [InlineData(3, 0, false)]
    [InlineData(1, 0.1, false)]
    [InlineData(2, 0.1, false)]
    [InlineData(3, 0.3, false)]
    [InlineData(4, 0, true)]
    [InlineData(5, 0.1, true)]
    [InlineData(6, 0.3, true)]
    public void Load_RandomQueriesWithCache_AgreesWithUnboundedDijkstra(int seed, double classPreference, bool directed)
    {
        // Directed: A* towards a point beside one of the targets. Every target reported has the exact least cost and
        // its path's metres, and every target within the bound is reported (the heuristic never overestimates).
        RoadNetwork network = RandomGrid.Create(12, 150, seed);
        var search = new RouteSearch(network, 1.5, classPreference);
        var random = new Random(seed);
        int checkedPairs = 0, reachable = 0;

        for (int q = 0; q < 400; q++)
        {
            if (q % 50 == 0)
            {
                search.Reset();
            }

            int source = random.Next(8); // few sources: most requests meet a cached search
            int[] targets = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => random.Next(network.NodeCount)).ToArray();
            double bound = random.NextDouble() * 2500;
            (double[] distance, double[] seconds, double[] cost) = RandomGrid.Dijkstra(network, source, 1.5, classPreference);

            if (directed)
            {
                search.Load(source, targets, bound, double.PositiveInfinity, null, network.NodeLon[targets[0]] + 0.0003, network.NodeLat[targets[0]] - 0.0002);
            }
            else
            {
                search.Load(source, targets, bound);
            }

            foreach (int t in targets)
            {
                double expected = distance[t] <= bound ? distance[t] : double.PositiveInfinity;
                double actual = search.Distance(t);
                Assert.True(expected == actual || Math.Abs(expected - actual) < 1e-6, $"source {source} target {t} bound {bound}: {expected} vs {actual}");
                if (!double.IsPositiveInfinity(actual))
                {
                    Assert.Equal(seconds[t], search.Seconds(t), 6);
                    Assert.Equal(cost[t], search.Cost(t), 6);
                    var path = new List<int>();
                    search.AppendPath(t, path);
                    Assert.Equal(actual, path.Sum(e => network.LengthMetres[e]), 6);
                    reachable++;
                }

                checkedPairs++;
            }
        }

        Assert.True(search.CacheHits > 0, "the cache was never used");
        Assert.True(reachable > checkedPairs / 4, $"only {reachable} of {checkedPairs} pairs were reachable: the test checks too little");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Match_TinyLattices_ViterbiPathScoresAsTheBestEnumeratedSequence(int seed)
    {
        RoadNetwork network = RandomGrid.Create(6, 150, seed);
        var options = new MatchOptions { MaxCandidates = 3, CrsCheckSampleSize = 0, BeamLogWidth = double.PositiveInfinity };
        var matcher = new MapMatcher(network, options);
        var model = new TrajectoryMatcher(network, matcher.Index, options);
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int fixes = 3 + random.Next(3);
            var points = new (double X, double Y)[fixes];
            double x = 150 + (random.NextDouble() * 450), y = 150 + (random.NextDouble() * 450);
            for (int k = 0; k < fixes; k++)
            {
                points[k] = (x, y);
                double angle = random.NextDouble() * 2 * Math.PI;
                x = Math.Clamp(x + (90 * Math.Cos(angle)), 0, 750);
                y = Math.Clamp(y + (90 * Math.Sin(angle)), 0, 750);
            }

            (double[] lon, double[] lat, long[] time) = TestNetworks.Fixes(20, points);

            TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

            MatchCandidate[][] lattice = Lattice(matcher.Index, options, lon, lat);
            double best = double.NegativeInfinity;
            foreach (int[] sequence in Sequences(lattice.Select(c => c.Length).ToArray()))
            {
                best = Math.Max(best, Score(network, model, options, lattice, sequence, lon, lat, time));
            }

            Assert.True(double.IsFinite(best), "no feasible sequence: the trial tests nothing");
            Assert.Equal(1, match.PieceCount);
            int[] chosen = lattice.Select((c, k) => Array.FindIndex(c, m => m.Edge == match.Edges[k] && m.OffsetMetres == match.OffsetsMetres[k])).ToArray();
            Assert.DoesNotContain(-1, chosen);
            Assert.Equal(best, Score(network, model, options, lattice, chosen, lon, lat, time), 9);
        }
    }

    private static MatchCandidate[][] Lattice(EdgeSegmentIndex index, MatchOptions options, double[] lon, double[] lat)
    {
        var scratch = new MatchCandidate[64];
        return lon.Select((_, k) =>
        {
            var found = new MatchCandidate[options.MaxCandidates];
            int n = index.Query(index.Projection.X(lon[k]), index.Projection.Y(lat[k]), options.RadiusMetres, found, scratch);
            return found[..n];
        }).ToArray();
    }

    private static IEnumerable<int[]> Sequences(int[] sizes)
    {
        var current = new int[sizes.Length];
        while (true)
        {
            yield return (int[])current.Clone();
            int k = sizes.Length - 1;
            while (k >= 0 && ++current[k] == sizes[k])
            {
                current[k--] = 0;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Log probability of a candidate sequence, computed from scratch with the unbounded reference search.</summary>
    private static double Score(RoadNetwork network, TrajectoryMatcher model, MatchOptions options, MatchCandidate[][] lattice,
        int[] sequence, double[] lon, double[] lat, long[] time)
    {
        double score = 0;
        for (int k = 0; k < sequence.Length; k++)
        {
            MatchCandidate b = lattice[k][sequence[k]];
            double z = b.DistanceMetres / options.SigmaMetres;
            score += -Math.Log(Math.Sqrt(2 * Math.PI) * options.SigmaMetres) - (0.5 * z * z);
            if (k == 0)
            {
                continue;
            }

            MatchCandidate a = lattice[k - 1][sequence[k - 1]];
            double gc = GreatCircle.DistanceMetres(lon[k - 1], lat[k - 1], lon[k], lat[k]);
            double seconds = (time[k] - time[k - 1]) / 1000.0;
            double spmA = 3.6 / (network.FreeFlowKmh[a.Edge] * options.SpeedFactor);
            double spmB = 3.6 / (network.FreeFlowKmh[b.Edge] * options.SpeedFactor);
            double cpmA = 1 + ((int)network.Classes[a.Edge] * options.ClassPreference);
            double cpmB = 1 + ((int)network.Classes[b.Edge] * options.ClassPreference);
            double route, routeSeconds, routeCost;
            if (a.Edge == b.Edge && b.OffsetMetres >= a.OffsetMetres)
            {
                route = b.OffsetMetres - a.OffsetMetres;
                routeSeconds = route * spmA;
                routeCost = route * cpmA;
            }
            else
            {
                (double[] distance, double[] secs, double[] cost) = RandomGrid.Dijkstra(network, network.EdgeTo[a.Edge], options.SpeedFactor, options.ClassPreference);
                int node = network.EdgeFrom[b.Edge];
                double rest = network.LengthMetres[a.Edge] - a.OffsetMetres;
                route = rest + distance[node] + b.OffsetMetres;
                routeSeconds = (rest * spmA) + secs[node] + (b.OffsetMetres * spmB);
                routeCost = (rest * cpmA) + cost[node] + (b.OffsetMetres * cpmB);
            }

            if (!(route <= model.Limit(gc, seconds)))
            {
                return double.NegativeInfinity;
            }

            score += model.LogTransition(gc, route, routeCost, routeSeconds, seconds);
        }

        return score;
    }
}
