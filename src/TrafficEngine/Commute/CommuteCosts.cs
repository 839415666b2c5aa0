using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Commute;

/// <summary>
/// Dense zone-by-zone costs (row-major, home x work): distance in km and time in minutes, NaN where unknown, with
/// the <see cref="CostSource"/> of each. The table's own values come first; then, for the pairs asked for, the road
/// network (shortest distance and free-flow time between the centroids' nearest drivable nodes; within a zone, the
/// disk estimate below at the network's mean speed), else the flagged straight-line fallback.
/// </summary>
public sealed class CommuteCosts
{
    private CommuteCosts(int zones, double[] distance, double[] time, CostSource[] distanceSource, CostSource[] timeSource)
    {
        ZoneCount = zones;
        DistanceKm = distance;
        TimeMin = time;
        DistanceSource = distanceSource;
        TimeSource = timeSource;
    }

    public int ZoneCount { get; }

    public double[] DistanceKm { get; }

    public double[] TimeMin { get; }

    public CostSource[] DistanceSource { get; }

    public CostSource[] TimeSource { get; }

    /// <summary>Pairs whose distance is a straight-line fallback.</summary>
    public int StraightLineDistances => DistanceSource.Count(s => s == CostSource.StraightLine);

    public int NetworkDistances => DistanceSource.Count(s => s == CostSource.Network);

    /// <summary>
    /// Costs for <paramref name="table"/>: its own values, then for every pair (<paramref name="allPairs"/>) or only
    /// the observed ones, the network when given (zones need geometry), else straight lines when the zones have
    /// geometry, else nothing.
    /// </summary>
    public static CommuteCosts Build(OdTable table, RoadNetwork? network, bool allPairs) => Build(table, network, allPairs, null);

    /// <summary>
    /// As <see cref="Build(OdTable, RoadNetwork?, bool)"/>; with <paramref name="congestedKmh"/> (per edge, from
    /// <see cref="CongestedSpeeds"/>; NaN: free flow) a routed pair's time is the congested time along its shortest path.
    /// </summary>
    public static CommuteCosts Build(OdTable table, RoadNetwork? network, bool allPairs, float[]? congestedKmh)
    {
        ArgumentNullException.ThrowIfNull(table);
        CommuteZones zones = table.Zones;
        int n = zones.Count;
        var distance = new double[n * n];
        var time = new double[n * n];
        Array.Fill(distance, double.NaN);
        Array.Fill(time, double.NaN);
        var distanceSource = new CostSource[n * n];
        var timeSource = new CostSource[n * n];
        var wanted = new bool[n * n];
        for (int c = 0; c < table.CellCount; c++)
        {
            int cell = (table.Home[c] * n) + table.Work[c];
            wanted[cell] = true;
            if (double.IsFinite(table.DistanceKm[c]))
            {
                distance[cell] = table.DistanceKm[c];
                distanceSource[cell] = CostSource.Table;
            }

            if (double.IsFinite(table.TimeMin[c]))
            {
                time[cell] = table.TimeMin[c];
                timeSource[cell] = CostSource.Table;
            }
        }

        if (allPairs)
        {
            Array.Fill(wanted, true);
        }

        if (zones.HasGeometry && network is not null)
        {
            FillFromNetwork(zones, network, congestedKmh, wanted, distance, time, distanceSource, timeSource);
        }
        else if (zones.HasGeometry)
        {
            FillStraight(zones, wanted, distance, time, distanceSource, timeSource);
        }

        return new CommuteCosts(n, distance, time, distanceSource, timeSource);
    }

    /// <summary>Mean distance (km) between two random points of a disk with the zone's area: 128 r / (45 pi).</summary>
    public static double IntrazonalKm(double areaM2) => 128 * Math.Sqrt(areaM2 / Math.PI) / (45 * Math.PI) / 1000;

    /// <summary>The nearest node of the largest strongly connected component, with both in- and out-edges, to each zone centroid (equirectangular metres).</summary>
    public static int[] SnapToNetwork(CommuteZones zones, RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(network);
        var plane = new LocalProjection(zones.Lon.Average(), zones.Lat.Average());
        ReadOnlySpan<int> outOffsets = network.OutOffsets, inOffsets = network.InOffsets;
        var nodeX = new List<double>();
        var nodeY = new List<double>();
        var nodeIndex = new List<int>();
        // Only nodes of the largest strongly connected component: a centroid snapped to a cut-off piece of road would
        // route to nothing and fall back to straight lines for every pair.
        bool[] main = NetworkComponents.Largest(network);
        for (int v = 0; v < network.NodeCount; v++)
        {
            if (main[v] && outOffsets[v + 1] > outOffsets[v] && inOffsets[v + 1] > inOffsets[v])
            {
                nodeX.Add(plane.X(network.NodeLon[v]));
                nodeY.Add(plane.Y(network.NodeLat[v]));
                nodeIndex.Add(v);
            }
        }

        if (nodeIndex.Count == 0)
        {
            throw new InvalidOperationException("the road network has no node with both in- and out-edges.");
        }

        var snapped = new int[zones.Count];
        for (int z = 0; z < zones.Count; z++)
        {
            double x = plane.X(zones.Lon[z]), y = plane.Y(zones.Lat[z]), best = double.PositiveInfinity;
            for (int k = 0; k < nodeIndex.Count; k++)
            {
                double d = ((nodeX[k] - x) * (nodeX[k] - x)) + ((nodeY[k] - y) * (nodeY[k] - y));
                if (d < best)
                {
                    best = d;
                    snapped[z] = nodeIndex[k];
                }
            }
        }

        return snapped;
    }

    private static void FillFromNetwork(CommuteZones zones, RoadNetwork network, float[]? congestedKmh, bool[] wanted, double[] distance, double[] time,
        CostSource[] distanceSource, CostSource[] timeSource)
    {
        int n = zones.Count;
        int[] snapped = SnapToNetwork(zones, network);
        var search = new RouteSearch(network, speedFactor: 1);
        double metres = 0, seconds = 0;
        var pending = new List<int>();
        var path = new List<int>();
        if (congestedKmh is not null && congestedKmh.Length != network.EdgeCount)
        {
            throw new ArgumentException("one congested speed per network edge is needed.", nameof(congestedKmh));
        }

        for (int i = 0; i < n; i++)
        {
            search.Reset();
            search.Load(snapped[i], snapped, double.PositiveInfinity);
            for (int j = 0; j < n; j++)
            {
                int cell = (i * n) + j;
                if (!wanted[cell] || i == j)
                {
                    continue;
                }

                double d = search.Distance(snapped[j]);
                if (!double.IsFinite(d))
                {
                    continue;
                }

                double pathSeconds = search.Seconds(snapped[j]);
                if (congestedKmh is not null)
                {
                    path.Clear();
                    search.AppendPath(snapped[j], path);
                    pathSeconds = 0;
                    foreach (int e in path)
                    {
                        float kmh = float.IsFinite(congestedKmh[e]) ? congestedKmh[e] : Math.Max(network.FreeFlowKmh[e], 1f);
                        pathSeconds += network.LengthMetres[e] * 3.6 / kmh;
                    }
                }

                metres += d;
                seconds += pathSeconds;
                if (distanceSource[cell] == CostSource.None)
                {
                    distance[cell] = d / 1000;
                    distanceSource[cell] = CostSource.Network;
                }

                if (timeSource[cell] == CostSource.None)
                {
                    time[cell] = pathSeconds / 60;
                    timeSource[cell] = CostSource.Network;
                }
            }

            pending.Add(i);
        }

        // Within a zone: the disk estimate at the mean speed of the zone-pair routes.
        double minutesPerKm = metres > 0 ? seconds / 60 / (metres / 1000) : double.NaN;
        foreach (int z in pending)
        {
            int cell = (z * n) + z;
            if (!wanted[cell])
            {
                continue;
            }

            double d = IntrazonalKm(zones.AreaM2[z]);
            if (distanceSource[cell] == CostSource.None)
            {
                distance[cell] = d;
                distanceSource[cell] = CostSource.StraightLine;
            }

            if (timeSource[cell] == CostSource.None && double.IsFinite(minutesPerKm))
            {
                time[cell] = d * minutesPerKm;
                timeSource[cell] = CostSource.StraightLine;
            }
        }

        // Pairs the network does not connect fall back to straight lines.
        FillStraight(zones, wanted, distance, time, distanceSource, timeSource);
    }

    private static void FillStraight(CommuteZones zones, bool[] wanted, double[] distance, double[] time, CostSource[] distanceSource, CostSource[] timeSource)
    {
        int n = zones.Count;
        double known = 0, straight = 0, minutes = 0, timedStraight = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int cell = (i * n) + j;
                double s = i == j ? IntrazonalKm(zones.AreaM2[i]) : zones.StraightDistanceKm(i, j);
                if (distanceSource[cell] is CostSource.Table or CostSource.Network && i != j)
                {
                    known += distance[cell];
                    straight += s;
                }

                if (timeSource[cell] is CostSource.Table or CostSource.Network && i != j)
                {
                    minutes += time[cell];
                    timedStraight += s;
                }
            }
        }

        double detour = straight > 0 ? known / straight : 1;
        double minutesPerKm = timedStraight > 0 ? minutes / timedStraight : double.NaN;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int cell = (i * n) + j;
                if (!wanted[cell])
                {
                    continue;
                }

                double raw = i == j ? IntrazonalKm(zones.AreaM2[i]) : zones.StraightDistanceKm(i, j);
                if (distanceSource[cell] == CostSource.None)
                {
                    distance[cell] = i == j ? raw : raw * detour;
                    distanceSource[cell] = CostSource.StraightLine;
                }

                if (timeSource[cell] == CostSource.None && double.IsFinite(minutesPerKm))
                {
                    time[cell] = raw * minutesPerKm;
                    timeSource[cell] = CostSource.StraightLine;
                }
            }
        }
    }
}
