using TrafficEngine.Geo;
using TrafficEngine.Simulation;

namespace TrafficEngine.Tests.Simulation;

public class MatchScoreTests
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 10, spacingMetres: 200);

    [Fact]
    public void Compute_TruthAsMatch_ScoresPerfect()
    {
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 10, MinTripMetres = 800, MaxTripMetres = 3000 });

        MatchScore score = MatchScore.Compute(Grid, fleet, fleet.TrueEdges, fleet.PathOffsets, fleet.PathEdges);

        Assert.Equal(0, score.RouteMismatchFraction);
        Assert.Equal(1, score.FixesOnTrueEdge);
        Assert.Equal(1, score.FixesMatched);
    }

    [Fact]
    public void Compute_HandWorked_MissedAndAddedLengthsOverTrueLength()
    {
        // One vehicle, true path e0 e1 e2 (200 m each); matched e0 e9 e2 with e9 of 200 m: missed 200 + added 200 over 600.
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 1, MinTripMetres = 500, MaxTripMetres = 3000, IntervalSeconds = 5 });
        int[] truePath = fleet.PathEdges;
        int wrong = Enumerable.Range(0, Grid.EdgeCount).First(e => !truePath.Contains(e));
        int[] matchedPath = [.. truePath];
        matchedPath[1] = wrong;
        int[] matchedFixes = [.. fleet.TrueEdges];
        matchedFixes[0] = -1;
        matchedFixes[1] = wrong;
        double trueLength = truePath.Sum(e => Grid.LengthMetres[e]);

        MatchScore score = MatchScore.Compute(Grid, fleet, matchedFixes, [0, matchedPath.Length], matchedPath);

        double expected = (Grid.LengthMetres[truePath[1]] + Grid.LengthMetres[wrong]) / trueLength;
        Assert.Equal(expected, score.RouteMismatchFraction, 12);
        Assert.Equal((fleet.FixCount - 2) / (double)fleet.FixCount, score.FixesOnTrueEdge, 12);
        Assert.Equal((fleet.FixCount - 1) / (double)fleet.FixCount, score.FixesMatched, 12);
    }

    [Fact]
    public void Compute_EdgeDrivenTwiceButMatchedOnce_CountsTheMissedRepeat()
    {
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 1, MinTripMetres = 500, MaxTripMetres = 3000 });
        int[] matchedPath = [.. fleet.PathEdges, fleet.PathEdges[0]];

        MatchScore score = MatchScore.Compute(Grid, fleet, fleet.TrueEdges, [0, matchedPath.Length], matchedPath);

        Assert.Equal(Grid.LengthMetres[fleet.PathEdges[0]] / score.TruePathMetres, score.RouteMismatchFraction, 12);
    }

    [Fact]
    public void Compute_WrongLengths_Throw()
    {
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 2, MinTripMetres = 500, MaxTripMetres = 3000 });

        Assert.Throws<ArgumentException>(() => MatchScore.Compute(Grid, fleet, new int[1], [0, 0, 0], []));
        Assert.Throws<ArgumentException>(() => MatchScore.Compute(Grid, fleet, fleet.TrueEdges, [0, 0], []));
    }
}
