using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// Generates probe vehicles driving real routes on a road network, with ground truth, to score map matching:
/// each vehicle drives the fastest path between two random nodes (trip length within the options' bounds) at a speed
/// drawn per edge around its class speed, and reports a fix every interval seconds with Gaussian position noise.
/// Deterministic for a given seed.
/// </summary>
public static class TraceSimulator
{
    private const double MetresPerDegree = GreatCircle.EarthRadiusMetres * Math.PI / 180.0;
    private const int MaxAttemptsPerVehicle = 200;

    public static SimulatedFleet Simulate(RoadNetwork network, TraceSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (network.EdgeCount == 0)
        {
            throw new ArgumentException("The network has no edges.", nameof(network));
        }

        var random = new Random(options.Seed);
        var baseSeconds = new double[network.EdgeCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            baseSeconds[e] = network.LengthMetres[e] / (options.ClassSpeedsKmh[(int)network.Classes[e]] / 3.6);
        }

        var search = new FastestPath(network, baseSeconds);
        var fixOffsets = new List<int> { 0 };
        var pathOffsets = new List<int> { 0 };
        var lon = new List<double>();
        var lat = new List<double>();
        var time = new List<long>();
        var trueEdges = new List<int>();
        var pathEdges = new List<int>();
        var route = new List<int>();
        var speeds = new List<double>();

        for (int v = 0; v < options.Vehicles; v++)
        {
            if (!PickRoute(network, search, random, options, route))
            {
                throw new InvalidOperationException(
                    $"No route of {options.MinTripMetres}-{options.MaxTripMetres} m found after {MaxAttemptsPerVehicle} tries; the network is too small or disconnected for these options.");
            }

            speeds.Clear();
            foreach (int e in route)
            {
                double kmh = options.ClassSpeedsKmh[(int)network.Classes[e]] * (0.75 + (0.4 * random.NextDouble()));
                speeds.Add(kmh / 3.6);
            }

            long departureMs = options.StartTimeMs + (long)(random.NextDouble() * 3_600_000);
            double phase = random.NextDouble() * options.IntervalSeconds;
            int firstFix = lon.Count;
            Drive(network, route, speeds, phase, options, random, departureMs, lon, lat, time, trueEdges);
            if (lon.Count - firstFix < 2)
            {
                lon.RemoveRange(firstFix, lon.Count - firstFix);
                lat.RemoveRange(firstFix, lat.Count - firstFix);
                time.RemoveRange(firstFix, time.Count - firstFix);
                trueEdges.RemoveRange(firstFix, trueEdges.Count - firstFix);
                v--;
                continue;
            }

            int firstEdge = route.IndexOf(trueEdges[firstFix]);
            int lastEdge = route.LastIndexOf(trueEdges[^1]);
            for (int i = firstEdge; i <= lastEdge; i++)
            {
                pathEdges.Add(route[i]);
            }

            fixOffsets.Add(lon.Count);
            pathOffsets.Add(pathEdges.Count);
        }

        return new SimulatedFleet([.. fixOffsets], [.. lon], [.. lat], [.. time], [.. trueEdges], [.. pathOffsets], [.. pathEdges]);
    }

    private static bool PickRoute(RoadNetwork network, FastestPath search, Random random, TraceSimulationOptions options, List<int> route)
    {
        for (int attempt = 0; attempt < MaxAttemptsPerVehicle; attempt++)
        {
            int origin = network.EdgeFrom[random.Next(network.EdgeCount)];
            int destination = network.EdgeTo[random.Next(network.EdgeCount)];
            if (origin == destination)
            {
                continue;
            }

            search.Search(origin);
            if (double.IsPositiveInfinity(search.Seconds[destination]))
            {
                continue;
            }

            search.PathTo(destination, route);
            double metres = 0;
            foreach (int e in route)
            {
                metres += network.LengthMetres[e];
            }

            if (metres >= options.MinTripMetres && metres <= options.MaxTripMetres)
            {
                return true;
            }
        }

        return false;
    }

    private static void Drive(RoadNetwork network, List<int> route, List<double> speeds, double phase,
        TraceSimulationOptions options, Random random, long departureMs,
        List<double> lon, List<double> lat, List<long> time, List<int> trueEdges)
    {
        double enter = 0;
        double fixTime = phase;
        for (int r = 0; r < route.Count; r++)
        {
            int e = route[r];
            double exit = enter + (network.LengthMetres[e] / speeds[r]);
            while (fixTime < exit)
            {
                double along = (fixTime - enter) * speeds[r];
                (double x, double y) = network.PointAlong(e, along);
                double cosLat = Math.Cos(y * Math.PI / 180.0);
                double dx = Gaussian(random) * options.NoiseMetres;
                double dy = Gaussian(random) * options.NoiseMetres;
                lon.Add(x + (dx / (MetresPerDegree * cosLat)));
                lat.Add(y + (dy / MetresPerDegree));
                time.Add(departureMs + (long)Math.Round(fixTime * 1000));
                trueEdges.Add(e);
                fixTime += options.IntervalSeconds;
            }

            enter = exit;
        }
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
