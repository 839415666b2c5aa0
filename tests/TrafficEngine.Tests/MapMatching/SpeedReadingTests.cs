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
        Assert.Equal(0, match.FareEndPairs); // off by default
        Assert.Equal(300, match.Traversals.Sum(t => t.LengthMetres), 0);
        Assert.Single(match.Traversals);

        var kept = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, LeaveOutVacant = false });
        kept.MatchTrajectory(lon, lat, time, occupied, match);
        Assert.Equal(0, match.VacantPairs);
        Assert.Equal(900, match.Traversals.Sum(t => t.LengthMetres), 0);
    }

    [Fact]
    public void FareEnds_OccupiedPairsIntoADropOffOrOutOfAPickUp_LeftOutWhenAsked()
    {
        RoadNetwork network = StraightRoad();
        // Occupied, occupied (drop-off: next fix vacant), vacant, occupied (pick-up), occupied.
        (double[] lon, double[] lat, long[] time) = Fixes(20, (50, 0), (200, 0), (350, 0), (500, 0), (650, 0), (800, 0), (950, 0));
        sbyte[] occupied = [1, 1, 1, 0, 1, 1, 1];
        var match = new TrajectoryMatch();

        new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, LeaveOutFareEnds = true }).MatchTrajectory(lon, lat, time, occupied, match);

        Assert.Equal(2, match.VacantPairs); // (350, 500) and (500, 650)
        Assert.Equal(2, match.FareEndPairs); // (200, 350) into the drop-off at 350 and (650, 800) out of the pick-up at 650
        Assert.Equal(300, match.Traversals.Sum(t => t.LengthMetres), 0); // 50 -> 200 and 800 -> 950
        Assert.Equal(2, match.Traversals.Count);
    }

    /// <summary>A one-way block 500 m a side, clockwise from (0, 0): north, east, south, west.</summary>
    private static RoadNetwork Block()
    {
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 0, 500), (3, 500, 500), (4, 500, 0));
        Edge(b, 12, 1, 2, "residential", 30);
        Edge(b, 23, 2, 3, "residential", 30);
        Edge(b, 34, 3, 4, "residential", 30);
        Edge(b, 41, 4, 1, "residential", 30);
        return b.Build();
    }

    private static (double X, double Y) AroundBlock(double metres)
    {
        double m = metres % 2000;
        return m < 500 ? (0, m) : m < 1000 ? (m - 500, 500) : m < 1500 ? (500, 1500 - m) : (2000 - m, 0);
    }

    [Fact]
    public void Wandering_RoundAndRoundABlock_GivesNoTraversal()
    {
        RoadNetwork network = Block();
        // Two laps at 25 km/h, a fix every 36 s (250 m): 16 pairs over 576 s; the window of 600 s holds them all, and the
        // straight line from the first fix to the last is 0 m against 4,000 m driven.
        (double[] lon, double[] lat, long[] time) = Fixes(36, [.. Enumerable.Range(0, 17).Select(i => AroundBlock(50 + (250.0 * i)))]);

        TrajectoryMatch match = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 }).MatchTrajectory(lon, lat, time);
        TrajectoryMatch off = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0, WanderWindowSeconds = 0 }).MatchTrajectory(lon, lat, time);

        Assert.Equal(16, match.WanderingPairs);
        Assert.Empty(match.Traversals);
        Assert.Equal(0, off.WanderingPairs);
        Assert.Equal(4000, off.Traversals.Sum(t => t.LengthMetres), 0);
    }

    [Fact]
    public void Wandering_SlowQueueStraightOn_IsKeptWithItsSpeed()
    {
        RoadNetwork network = StraightRoad();
        // 9 km/h in a queue: 150 m a minute for 6 minutes. However slow, it keeps moving away: directness 1.
        (double[] lon, double[] lat, long[] time) = Fixes(60, [.. Enumerable.Range(0, 7).Select(i => (50 + (150.0 * i), 0.0))]);

        TrajectoryMatch match = new MapMatcher(network, new MatchOptions { CrsCheckSampleSize = 0 }).MatchTrajectory(lon, lat, time);

        Assert.Equal(0, match.WanderingPairs);
        Assert.Equal(900, match.Traversals.Sum(t => t.LengthMetres), 0);
        Assert.All(match.Traversals, t => Assert.Equal(9, Kmh(t), 1));
    }

    [Fact]
    public void Wandering_ADriveOutAndBackWithinTheWindow_LeftOutOnlyWhereTheWindowTurns()
    {
        RoadNetwork network = StraightRoad();
        // East 900 m in 3 minutes to the road's end and back west 900 m in 3 minutes, fixes every 30 s (150 m a pair).
        (double[] lon, double[] lat, long[] time) = Fixes(30, [.. Enumerable.Range(0, 13).Select(i => (i <= 6 ? 100 + (150.0 * i) : 1000 - (150.0 * (i - 6)), 0.0))]);
        var options = new MatchOptions { CrsCheckSampleSize = 0, WanderWindowSeconds = 240, MinDirectness = 0.4 };

        TrajectoryMatch match = new MapMatcher(network, options).MatchTrajectory(lon, lat, time);

        // Pair p (fix p-1 to p) has the window of pairs p-4 .. p+4, shifted into the 360 s stretch at its ends: pairs
        // 1-4 see fixes 0-8 (600 m straight of 1,200 m, directness 0.5), pair 5 fixes 0-9 (450 of 1,350: 0.33), pair 6
        // fixes 1-10 (0.11), pair 7 fixes 2-11 (0.11), pair 8 fixes 3-12 (0.33), pairs 9-12 fixes 4-12 (0.5). Below 0.4:
        // the four pairs round the turn.
        Assert.Equal(4, match.WanderingPairs);
        Assert.Equal(1200, match.Traversals.Sum(t => t.LengthMetres), 0);
    }
}
