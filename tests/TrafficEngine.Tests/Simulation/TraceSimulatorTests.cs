using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Simulation;

namespace TrafficEngine.Tests.Simulation;

public class TraceSimulatorTests
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 12, spacingMetres: 250);

    [Fact]
    public void Simulate_NoNoise_FixesLieOnTheirTrueEdgeAndPathsAreConnected()
    {
        var options = new TraceSimulationOptions { Vehicles = 30, IntervalSeconds = 10, NoiseMetres = 0, MinTripMetres = 1000, MaxTripMetres = 4000, Seed = 7 };

        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, options);

        Assert.Equal(30, fleet.VehicleCount);
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            Assert.True(fleet.FixOffsets[v + 1] - fleet.FixOffsets[v] >= 2);
            for (int p = fleet.PathOffsets[v] + 1; p < fleet.PathOffsets[v + 1]; p++)
            {
                Assert.Equal(Grid.EdgeTo[fleet.PathEdges[p - 1]], Grid.EdgeFrom[fleet.PathEdges[p]]);
            }

            Assert.Equal(fleet.TrueEdges[fleet.FixOffsets[v]], fleet.PathEdges[fleet.PathOffsets[v]]);
            Assert.Equal(fleet.TrueEdges[fleet.FixOffsets[v + 1] - 1], fleet.PathEdges[fleet.PathOffsets[v + 1] - 1]);
            for (int i = fleet.FixOffsets[v]; i < fleet.FixOffsets[v + 1]; i++)
            {
                Assert.True(DistanceToEdge(fleet.TrueEdges[i], fleet.Lon[i], fleet.Lat[i]) < 0.01);
                if (i > fleet.FixOffsets[v])
                {
                    Assert.Equal(10_000, fleet.TimestampMs[i] - fleet.TimestampMs[i - 1]);
                }
            }
        }
    }

    [Fact]
    public void Simulate_Noise_HasTheRequestedSpread()
    {
        var options = new TraceSimulationOptions { Vehicles = 40, IntervalSeconds = 5, NoiseMetres = 20, MinTripMetres = 1000, MaxTripMetres = 4000, Seed = 3 };

        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, options);

        // On a grid, the offset across a straight edge is one Gaussian axis: its RMS must be close to sigma.
        double sumSquares = 0;
        int n = 0;
        for (int i = 0; i < fleet.FixCount; i++)
        {
            double d = DistanceToEdge(fleet.TrueEdges[i], fleet.Lon[i], fleet.Lat[i]);
            sumSquares += d * d;
            n++;
        }

        double rms = Math.Sqrt(sumSquares / n);
        Assert.InRange(rms, 17, 23);
    }

    [Fact]
    public void Simulate_SameSeed_SameFleet_OtherSeed_OtherFleet()
    {
        var options = new TraceSimulationOptions { Vehicles = 5, MinTripMetres = 1000, MaxTripMetres = 4000, Seed = 11 };

        SimulatedFleet a = TraceSimulator.Simulate(Grid, options);
        SimulatedFleet b = TraceSimulator.Simulate(Grid, options);
        options.Seed = 12;
        SimulatedFleet c = TraceSimulator.Simulate(Grid, options);

        Assert.Equal(a.Lon, b.Lon);
        Assert.Equal(a.PathEdges, b.PathEdges);
        Assert.NotEqual(a.Lon, c.Lon);
    }

    [Fact]
    public void Simulate_ImpossibleTripLength_FailsClearly()
    {
        var options = new TraceSimulationOptions { Vehicles = 1, MinTripMetres = 100_000, MaxTripMetres = 200_000 };

        var error = Assert.Throws<InvalidOperationException>(() => TraceSimulator.Simulate(Grid, options));

        Assert.Contains("No route", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToProbeBatch_KeepsVehicleOrderAndAllFixes()
    {
        SimulatedFleet fleet = TraceSimulator.Simulate(Grid, new TraceSimulationOptions { Vehicles = 3, MinTripMetres = 1000, MaxTripMetres = 4000 });

        var batch = fleet.ToProbeBatch();

        Assert.Equal(fleet.FixCount, batch.Length);
        var ids = batch.Require<StringArray>("vehicle_id");
        Assert.Equal("sim000000", ids.GetString(0));
        Assert.Equal("sim000002", ids.GetString(fleet.FixCount - 1));
    }

    private static double DistanceToEdge(int edge, double lon, double lat)
    {
        // Grid edges are straight: distance to the segment in a local flat frame.
        ReadOnlySpan<double> xs = Grid.EdgeLon(edge), ys = Grid.EdgeLat(edge);
        double k = GreatCircle.EarthRadiusMetres * Math.PI / 180.0, c = Math.Cos(lat * Math.PI / 180.0);
        double ax = xs[0] * k * c, ay = ys[0] * k, bx = xs[^1] * k * c, by = ys[^1] * k, px = lon * k * c, py = lat * k;
        double t = Math.Clamp((((px - ax) * (bx - ax)) + ((py - ay) * (by - ay))) / (((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay))), 0, 1);
        double dx = px - (ax + (t * (bx - ax))), dy = py - (ay + (t * (by - ay)));
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
