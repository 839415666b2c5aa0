using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// A synthetic commute OD table for a city whose real one is not public (Beijing): square zones over the road
/// network, employed residents and jobs from density surfaces (a monocentric decline plus named residential areas
/// and employment centres, <see cref="CommuteSampleOptions"/>), and a doubly constrained gravity model
/// T_ij = a_i b_j O_i D_j exp(-β d_ij) on shortest-path road distances between the zones' centroid nodes, balanced
/// by Furness iteration, with β found by bisection so that the model's mean commute distance is the target. The
/// commuters are then drawn one by one from T (seeded), so the table has the zeros and small cells of a real sample.
/// Time per pair: access minutes plus the distance at a door-to-door speed.
/// </summary>
public static class CommuteSampleModel
{
    private const double MetresPerDegreeLat = 110_574;

    public static CommuteSample Build(RoadNetwork network, CommuteSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        List<CommuteSample.Zone> zones = LayZones(network, options);
        int n = zones.Count;
        double[] distanceKm = Distances(network, zones, options);
        var residents = new double[n];
        var jobs = new double[n];
        for (int i = 0; i < n; i++)
        {
            residents[i] = options.ResidentDensity(zones[i].CentreLon, zones[i].CentreLat) * zones[i].AreaKm2;
            jobs[i] = options.JobDensity(zones[i].CentreLon, zones[i].CentreLat) * zones[i].AreaKm2;
        }

        Normalise(residents, options.Commuters);
        Normalise(jobs, options.Commuters);

        // Mean distance falls as beta grows: bisection on beta for the target mean.
        double low = 0, high = 2, beta = 0;
        double[] flows = new double[n * n];
        for (int step = 0; step < 60; step++)
        {
            beta = (low + high) / 2;
            double mean = Gravity(residents, jobs, distanceKm, beta, flows, options);
            if (mean > options.TargetMeanKm)
            {
                low = beta;
            }
            else
            {
                high = beta;
            }
        }

        double modelMean = Gravity(residents, jobs, distanceKm, beta, flows, options);
        int[] counts = Draw(flows, options.Commuters, options.Seed);
        var home = new List<int>();
        var work = new List<int>();
        var commuters = new List<int>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (counts[(i * n) + j] > 0)
                {
                    home.Add(i);
                    work.Add(j);
                    commuters.Add(counts[(i * n) + j]);
                }
            }
        }

        var pairDistance = new double[home.Count];
        var pairTime = new double[home.Count];
        for (int r = 0; r < home.Count; r++)
        {
            pairDistance[r] = distanceKm[(home[r] * n) + work[r]];
            pairTime[r] = options.AccessMinutes + (60 * pairDistance[r] / options.DoorToDoorKmh);
        }

        return new CommuteSample(zones, [.. home], [.. work], [.. commuters], pairDistance, pairTime, beta, modelMean);
    }

    /// <summary>Square cells of <see cref="CommuteSampleOptions.CellMetres"/> holding at least one node of the network's largest strongly connected component.</summary>
    private static List<CommuteSample.Zone> LayZones(RoadNetwork network, CommuteSampleOptions options)
    {
        bool[] main = NetworkComponents.Largest(network);
        BoundingBox box = network.Extent() ?? throw new ArgumentException("The network has no nodes.", nameof(network));
        double lat0 = box.MinLat, lon0 = box.MinLon;
        double metresPerDegreeLon = 111_320 * Math.Cos((box.MinLat + box.MaxLat) / 2 * Math.PI / 180);
        double side = options.CellMetres;
        var nearest = new Dictionary<(int X, int Y), (int Node, double Metres)>();
        for (int v = 0; v < network.NodeCount; v++)
        {
            if (!main[v])
            {
                continue;
            }

            double x = (network.NodeLon[v] - lon0) * metresPerDegreeLon, y = (network.NodeLat[v] - lat0) * MetresPerDegreeLat;
            var cell = ((int)(x / side), (int)(y / side));
            double dx = x - ((cell.Item1 + 0.5) * side), dy = y - ((cell.Item2 + 0.5) * side);
            double d = Math.Sqrt((dx * dx) + (dy * dy));
            if (!nearest.TryGetValue(cell, out var best) || d < best.Metres)
            {
                nearest[cell] = (v, d);
            }
        }

        var zones = new List<CommuteSample.Zone>();
        foreach (var ((cx, cy), (node, _)) in nearest.OrderBy(c => c.Key.Y).ThenBy(c => c.Key.X))
        {
            double west = lon0 + (cx * side / metresPerDegreeLon), east = lon0 + ((cx + 1) * side / metresPerDegreeLon);
            double south = lat0 + (cy * side / MetresPerDegreeLat), north = lat0 + ((cy + 1) * side / MetresPerDegreeLat);
            double lon = (west + east) / 2, lat = (south + north) / 2;
            zones.Add(new CommuteSample.Zone($"BJ{cy:D2}{cx:D2}", west, south, east, north, lon, lat, side * side / 1e6, node,
                CommuteSampleOptions.DistrictOf(lon, lat)));
        }

        return zones;
    }

    /// <summary>
    /// Road kilometres between the zones' centroid nodes along free-flow fastest paths; within a zone, the mean
    /// distance between two random points of a square (0.5214 of its side) times the detour factor.
    /// </summary>
    private static double[] Distances(RoadNetwork network, List<CommuteSample.Zone> zones, CommuteSampleOptions options)
    {
        int n = zones.Count;
        var seconds = new double[network.EdgeCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            seconds[e] = network.LengthMetres[e] / (Math.Max(network.FreeFlowKmh[e], 5) / 3.6);
        }

        var search = new FastestPath(network, seconds);
        var km = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            search.Search(zones[i].Node);
            for (int j = 0; j < n; j++)
            {
                km[(i * n) + j] = i == j
                    ? 0.5214 * options.CellMetres * options.DetourFactor / 1000
                    : search.Metres[zones[j].Node] / 1000;
            }
        }

        return km;
    }

    private static void Normalise(double[] values, double total)
    {
        double sum = values.Sum();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= total / sum;
        }
    }

    /// <summary>Furness-balanced flows for <paramref name="beta"/>; returns their mean distance.</summary>
    private static double Gravity(double[] residents, double[] jobs, double[] km, double beta, double[] flows, CommuteSampleOptions options)
    {
        int n = residents.Length;
        var a = new double[n];
        var b = new double[n];
        Array.Fill(b, 1.0);
        var deterrence = new double[n * n];
        for (int i = 0; i < n * n; i++)
        {
            deterrence[i] = Math.Exp(-beta * km[i]);
        }

        for (int iteration = 0; iteration < options.MaxFurnessIterations; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += b[j] * jobs[j] * deterrence[(i * n) + j];
                }

                a[i] = 1 / s;
            }

            double worst = 0;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += a[i] * residents[i] * deterrence[(i * n) + j];
                }

                double next = 1 / s;
                worst = Math.Max(worst, Math.Abs((next / b[j]) - 1));
                b[j] = next;
            }

            if (worst < 1e-10)
            {
                break;
            }
        }

        double flowKm = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double t = a[i] * residents[i] * b[j] * jobs[j] * deterrence[(i * n) + j];
                flows[(i * n) + j] = t;
                flowKm += t * km[(i * n) + j];
                total += t;
            }
        }

        return flowKm / total;
    }

    /// <summary>Draws <paramref name="commuters"/> commuters independently from the flows (seeded, reproducible).</summary>
    private static int[] Draw(double[] flows, int commuters, int seed)
    {
        var cumulative = new double[flows.Length];
        double sum = 0;
        for (int i = 0; i < flows.Length; i++)
        {
            sum += flows[i];
            cumulative[i] = sum;
        }

        var counts = new int[flows.Length];
        var random = new Random(seed);
        for (int c = 0; c < commuters; c++)
        {
            int at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            at = at < 0 ? ~at : at;
            counts[Math.Min(at, counts.Length - 1)]++;
        }

        return counts;
    }
}
