using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using static TrafficEngine.Tests.MapMatching.TestNetworks;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>Hand-built networks where the right match is known exactly.</summary>
public sealed class MapMatcherNetworkTests
{
    private static readonly MatchOptions Defaults = new() { CrsCheckSampleSize = 0 };

    [Fact]
    public void MatchTrajectory_StraightRoadEastbound_MatchesEastEdgeWithOffsets()
    {
        RoadNetwork network = StraightRoad();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(10, (100, 5), (250, -4), (400, 3), (550, 0));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        int east = network.FindEdge(12);
        Assert.All(match.Edges.ToArray(), e => Assert.Equal(east, e));
        Assert.Equal([100, 250, 400, 550], match.OffsetsMetres.ToArray().Select(o => Math.Round(o)));
        Assert.Equal([5, 4, 3, 0], match.DistancesMetres.ToArray().Select(d => Math.Round(d, 1)));
        Traversal t = Assert.Single(match.Traversals);
        Assert.Equal(east, t.Edge);
        Assert.Equal(time[0], t.EnterTimeMs, 3);
        Assert.Equal(time[3], t.ExitTimeMs, 3);
        Assert.Equal(450, t.LengthMetres, 0);
        Assert.Equal(0, match.GapBreaks + match.ImpossibleBreaks);
    }

    [Fact]
    public void MatchTrajectory_JunctionTurn_FollowsTheTurnWithPartialFirstAndLastEdges()
    {
        // West arm 1-0, east arm 0-2, north arm 0-3, all two-way; the vehicle comes from the west and turns north.
        RoadNetworkBuilder b = Builder((0, 0, 0), (1, -500, 0), (2, 500, 0), (3, 0, 500));
        foreach ((long from, long to) in (ValueTuple<long, long>[])[(1, 0), (0, 1), (0, 2), (2, 0), (0, 3), (3, 0)])
        {
            Edge(b, (from * 10) + to, from, to);
        }

        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(15, (-300, 4), (-100, -3), (4, 100), (-3, 300));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal([10L, 10, 3, 3], match.Edges.ToArray().Select(e => network.EdgeIds[e]));
        Assert.Equal([10L, 3], match.Traversals.Select(t => network.EdgeIds[t.Edge]));
        Assert.Equal(300, match.Traversals[0].LengthMetres, 0);
        Assert.Equal(300, match.Traversals[1].LengthMetres, 0);
        Assert.Equal(time[0], match.Traversals[0].EnterTimeMs, 3);
        Assert.Equal(time[3], match.Traversals[1].ExitTimeMs, 3);
    }

    [Fact]
    public void MatchTrajectory_ParallelOneWaysThirtyMetresApart_DirectionOfTravelWins()
    {
        // Road A (y = 0) is one-way east, road B (y = 30) one-way west. Fixes run east but lie nearer to B.
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 1000, 0), (3, 1000, 30), (4, 0, 30));
        Edge(b, 12, 1, 2);
        Edge(b, 34, 3, 4);
        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(10, (100, 19), (250, 20), (400, 18), (550, 21), (700, 19));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.All(match.Edges.ToArray(), e => Assert.Equal(12, network.EdgeIds[e]));
    }

    [Fact]
    public void MatchTrajectory_ExpresswayAndSideRoad_TimestampsChooseTheExpressway()
    {
        // Same direction, 30 m apart: an expressway (free flow 80 km/h) and a side road (local, 30 km/h). The vehicle
        // covers 750 m every 30 s (90 km/h): too fast for the side road, though its fixes lie nearer to it.
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 5000, 0), (3, 0, 30), (4, 5000, 30));
        Edge(b, 12, 1, 2, "motorway");
        Edge(b, 34, 3, 4, "residential");
        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(30, (200, 17), (950, 18), (1700, 16), (2450, 18), (3200, 17));
        // Fixes 2 m from the side road and 28 m from the expressway, 200 m apart: 30 s apart (24 km/h) they are on the
        // side road, despite the preference for bigger roads; 8 s apart (90 km/h) they can only be on the expressway.
        (double X, double Y)[] beside = [(200, 28), (400, 29), (600, 27), (800, 28), (1000, 28)];
        (double[] sideLon, double[] sideLat, long[] slowTime) = Fixes(30, beside);
        (_, _, long[] fastTime) = Fixes(8, beside);

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);
        TrajectoryMatch slow = matcher.MatchTrajectory(sideLon, sideLat, slowTime);
        TrajectoryMatch fast = matcher.MatchTrajectory(sideLon, sideLat, fastTime);

        Assert.All(match.Edges.ToArray(), e => Assert.Equal(12, network.EdgeIds[e]));
        Assert.All(slow.Edges.ToArray(), e => Assert.Equal(34, network.EdgeIds[e]));
        Assert.All(fast.Edges.ToArray(), e => Assert.Equal(12, network.EdgeIds[e]));
    }

    [Fact]
    public void MatchTrajectory_LoopDrivenPastTheStart_BackwardsOnAnEdgeGoesRoundTheLoop()
    {
        // One-way square loop 1-2-3-4-1 with 200 m sides. Fix 1 at 150 m along edge 12, fix 2 at 50 m along it after a
        // lap: the only route is round the loop (50 + 600 + 50 = 700 m).
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 200, 0), (3, 200, 200), (4, 0, 200));
        Edge(b, 12, 1, 2);
        Edge(b, 23, 2, 3);
        Edge(b, 34, 3, 4);
        Edge(b, 41, 4, 1);
        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(70, (150, 3), (50, -3));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal([12L, 23, 34, 41, 12], match.Traversals.Select(t => network.EdgeIds[t.Edge]));
        Assert.Equal(700, match.Traversals.Sum(t => t.LengthMetres), 1); // the local frame and great circles differ by mm
        Assert.Equal(0.25, match.Traversals[0].LengthMetres / 200, 3);
        Assert.InRange(match.Traversals[0].ExitTimeMs, time[0] + 4_999, time[0] + 5_001); // 50 m of 700 m in 70 s
        Assert.Equal(time[1], match.Traversals[^1].ExitTimeMs, 3);
    }

    [Fact]
    public void MatchTrajectory_TraversalTimes_InterpolatedByRouteDistance()
    {
        // 1 -(100 m)- 2 -(300 m)- 3, one way. Fix at 50 m on the first edge at t0, at 150 m on the second 40 s later:
        // route 200 m, so the vehicle passes node 2 at t0 + 10 s.
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 100, 0), (3, 400, 0));
        Edge(b, 12, 1, 2);
        Edge(b, 23, 2, 3);
        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(40, (50, 0), (250, 0));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal(2, match.Traversals.Count);
        Traversal first = match.Traversals[0], second = match.Traversals[1];
        Assert.Equal(time[0], first.EnterTimeMs, 3);
        Assert.Equal(time[0] + 10_000, first.ExitTimeMs, 3);
        Assert.Equal(50, first.StartOffsetMetres, 3);
        Assert.Equal(100, first.EndOffsetMetres, 3);
        Assert.Equal(time[0] + 10_000, second.EnterTimeMs, 3);
        Assert.Equal(time[1], second.ExitTimeMs, 3);
        Assert.Equal(150, second.LengthMetres, 3);
    }

    [Fact]
    public void MatchTrajectory_LongGap_BreaksIntoPieces()
    {
        RoadNetwork network = StraightRoad();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(10, (100, 0), (200, 0), (300, 0), (400, 0));
        time[2] += 700_000; // 700 s > 600 s
        time[3] += 700_000;

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal(1, match.GapBreaks);
        Assert.Equal(2, match.PieceCount);
        Assert.Equal([0, 0, 1, 1], match.Pieces.ToArray());
        Assert.Equal(2, match.Traversals.Count);
        Assert.All(match.Traversals, t => Assert.Equal(100, t.LengthMetres, 0));
    }

    [Fact]
    public void MatchTrajectory_Teleport_ImpossibleTransitionBreaks()
    {
        // Two separate roads 5 km apart; 20 s between the fixes would need 900 km/h.
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 1000, 0), (3, 0, 5000), (4, 1000, 5000));
        Edge(b, 12, 1, 2);
        Edge(b, 34, 3, 4);
        RoadNetwork network = b.Build();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(20, (100, 0), (300, 0), (100, 5000), (300, 5000));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal(1, match.ImpossibleBreaks);
        Assert.Equal([0, 0, 1, 1], match.Pieces.ToArray());
        Assert.Equal([12L, 12, 34, 34], match.Edges.ToArray().Select(e => network.EdgeIds[e]));
    }

    [Fact]
    public void MatchTrajectory_FixFarFromEveryRoad_IsUnmatchedAndTheRestStillMatch()
    {
        RoadNetwork network = StraightRoad();
        var matcher = new MapMatcher(network, Defaults);
        (double[] lon, double[] lat, long[] time) = Fixes(10, (100, 0), (200, 400), (300, 0));

        TrajectoryMatch match = matcher.MatchTrajectory(lon, lat, time);

        Assert.Equal(1, match.NoCandidateFixes);
        Assert.Equal(-1, match.Edges[1]);
        Assert.True(double.IsNaN(match.DistancesMetres[1]));
        Assert.Equal(1, match.PieceCount);
        Assert.Equal(200, Assert.Single(match.Traversals).LengthMetres, 0);
    }
}
