using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using static TrafficEngine.Tests.MapMatching.TestNetworks;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>Issue 10 §1: how the time between two fixes becomes edge speeds (worked cases on hand-built roads).</summary>
public sealed class SpeedReadingTests
{
    /// <summary>An 80 km/h road 1,000 m long east into a 30 km/h road 400 m long, one way.</summary>
    private static RoadNetwork ExpresswayIntoSlowRoad()
    {
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 1000, 0), (3, 1400, 0));
        Edge(b, 12, 1, 2, "trunk", 80);
        Edge(b, 23, 2, 3, "residential", 30);
        return b.Build();
    }

    private static double Kmh(Traversal t) => t.LengthMetres / ((t.ExitTimeMs - t.EnterTimeMs) / 1000) * 3.6;

    [Fact]
    public void TimeBetweenFixes_SharedByExpectedTravelTime_FastRoadKeepsItsSpeed()
    {
        RoadNetwork network = ExpresswayIntoSlowRoad();
        // 900 m of the fast road (40.5 s at 80 km/h) and 100 m of the slow one (12 s at 30 km/h): 52.5 s at free flow;
        // the vehicle took 105 s, twice free flow on both, so each keeps half its free-flow speed.
        (double[] lon, double[] lat, long[] time) = Fixes(105, (100, 0), (1100, 0));
        TrajectoryMatch match = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 }).MatchTrajectory(lon, lat, time);

        Assert.Equal(2, match.Traversals.Count);
        Assert.Equal(40, Kmh(match.Traversals[0]), 1);
        Assert.Equal(15, Kmh(match.Traversals[1]), 1);
        Assert.Equal(time[1], match.Traversals[1].ExitTimeMs, 3);
    }

    [Fact]
    public void TimeBetweenFixes_SharedByDistanceWhenAsked_OneSpeedForTheWholePair()
    {
        RoadNetwork network = ExpresswayIntoSlowRoad();
        (double[] lon, double[] lat, long[] time) = Fixes(105, (100, 0), (1100, 0));
        TrajectoryMatch match = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, ShareTimeByExpectedTravelTime = false })
            .MatchTrajectory(lon, lat, time);

        Assert.Equal(1000 / 105.0 * 3.6, Kmh(match.Traversals[0]), 1);
        Assert.Equal(Kmh(match.Traversals[0]), Kmh(match.Traversals[1]), 6);
    }

    [Fact]
    public void Stay_FixesStandingWithinTheRadius_GiveNoTraversalAndAreCountedAsDwell()
    {
        RoadNetwork network = StraightRoad();
        // Driving 10 m/s, then standing about 400 m along for 90 s (noise within 10 m, back and forth), then driving on.
        (double[] lon, double[] lat, long[] time) = Fixes(30, (50, 0), (350, 0), (400, 5), (405, -3), (398, 2), (402, 0), (700, 0), (1000, 0));
        TrajectoryMatch match = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 }).MatchTrajectory(lon, lat, time);

        Assert.Equal(1, match.Stays);
        Assert.Equal(3, match.DwellPairs); // (400, 5) .. (402, 0): four fixes, three pairs, 90 s ((350, 0) is 50.2 m away)
        Assert.Equal(90, match.DwellSeconds, 6);
        Assert.Equal(2, match.StayEdgePairs); // into the stay and out of it
        // What is left: 50 -> 350 before the stay and 700 -> 1000 after it, both at 10 m/s.
        Assert.Equal(2, match.Traversals.Count);
        Assert.All(match.Traversals, t => Assert.Equal(36, Kmh(t), 0));
        Assert.Equal(600, match.Traversals.Sum(t => t.LengthMetres), 0);
    }

    [Fact]
    public void Stay_TooShortOrTurnedOff_IsNoStay()
    {
        RoadNetwork network = StraightRoad();
        (double[] lon, double[] lat, long[] time) = Fixes(30, (50, 0), (350, 0), (400, 5), (700, 0));
        TrajectoryMatch shortStop = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 }).MatchTrajectory(lon, lat, time);
        Assert.Equal(0, shortStop.Stays);

        (lon, lat, time) = Fixes(30, (50, 0), (400, 0), (400, 5), (402, 0), (700, 0));
        TrajectoryMatch off = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, StayMinSeconds = 0 }).MatchTrajectory(lon, lat, time);
        Assert.Equal(0, off.Stays);
        Assert.Equal(0, off.DwellPairs);
        Assert.Equal(650, off.Traversals.Sum(t => t.LengthMetres), 0);
    }

    [Fact]
    public void Vacant_PairsWithAVacantEnd_GiveNoTraversalWhenTheFlagIsThere()
    {
        RoadNetwork network = StraightRoad();
        (double[] lon, double[] lat, long[] time) = Fixes(30, (50, 0), (350, 0), (650, 0), (950, 0));
        var matcher = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 });
        var match = new TrajectoryMatch();
        sbyte[] occupied = [1, 1, 0, -1];

        matcher.MatchTrajectory(lon, lat, time, occupied, match);

        Assert.Equal(2, match.VacantPairs); // (350, 650) and (650, 950); an unknown flag is not vacant
        Assert.Equal(300, match.Traversals.Sum(t => t.LengthMetres), 0);
        Assert.Single(match.Traversals);

        var kept = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, LeaveOutVacant = false });
        kept.MatchTrajectory(lon, lat, time, occupied, match);
        Assert.Equal(0, match.VacantPairs);
        Assert.Equal(900, match.Traversals.Sum(t => t.LengthMetres), 0);
    }
}
