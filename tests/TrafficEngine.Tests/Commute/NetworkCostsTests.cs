using System.Globalization;
using TrafficEngine.Commute;
using TrafficEngine.Geo;
using TrafficEngine.Tests.MapMatching;

namespace TrafficEngine.Tests.Commute;

/// <summary>Zone-to-zone costs routed on the real Beijing OSM network, against a textbook Dijkstra written here.</summary>
public class NetworkCostsTests
{
    private static readonly (string Id, double Lon, double Lat)[] Places =
    [
        ("tiananmen", 116.3975, 39.9087), ("railway_station", 116.4270, 39.9030), ("xidan", 116.3740, 39.9090), ("dongzhimen", 116.4350, 39.9410),
    ];

    [Fact]
    public void Build_BeijingNetwork_DistancesAndTimesAreTheShortestPathsBetweenSnappedNodes()
    {
        RoadNetwork network = BeijingEdgeCsv.Network;
        string features = string.Join(",", Places.Select(p => Square(p.Id, p.Lon, p.Lat)));
        CommuteZones zones = CommuteZones.Read(CommuteData.Temp("zones.geojson", "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}"));
        string od = "home_zone,work_zone,commuters\n" + string.Join("\n", Places.Skip(1).Select(p => $"tiananmen,{p.Id},10"));
        var quarantine = new OdQuarantine();
        OdTable table = OdTableReader.Read(CommuteData.Temp("od.csv", od), new OdColumns(), zones, quarantine);

        CommuteCosts costs = CommuteCosts.Build(table, network, allPairs: true);
        int[] snapped = CommuteCosts.SnapToNetwork(zones, network);

        int n = zones.Count;
        for (int i = 0; i < n; i++)
        {
            AssertNearest(network, zones.Lon[i], zones.Lat[i], snapped[i]);
            (double[] metres, double[] seconds) = Dijkstra(network, snapped[i]);
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    Assert.Equal(CostSource.StraightLine, costs.DistanceSource[(i * n) + j]);
                    continue;
                }

                Assert.Equal(CostSource.Network, costs.DistanceSource[(i * n) + j]);
                Assert.Equal(metres[snapped[j]] / 1000, costs.DistanceKm[(i * n) + j], 6);
                Assert.True(costs.TimeMin[(i * n) + j] >= seconds[snapped[j]] / 60 - 1e-9, "the time is that of the shortest path, not the fastest");
                double straight = GreatCircle.DistanceMetres(network.NodeLon[snapped[i]], network.NodeLat[snapped[i]], network.NodeLon[snapped[j]], network.NodeLat[snapped[j]]);
                Assert.InRange(metres[snapped[j]], straight, 3 * straight);
            }
        }

        Assert.Equal(n * (n - 1), costs.NetworkDistances);
    }

    /// <summary>Shortest metres from a node over the directed edges, and the least free-flow seconds (a separate search).</summary>
    private static (double[] Metres, double[] Seconds) Dijkstra(RoadNetwork network, int source)
    {
        double[] Search(Func<int, double> weight)
        {
            var best = Enumerable.Repeat(double.PositiveInfinity, network.NodeCount).ToArray();
            var queue = new PriorityQueue<int, double>();
            best[source] = 0;
            queue.Enqueue(source, 0);
            while (queue.TryDequeue(out int node, out double d))
            {
                if (d > best[node])
                {
                    continue;
                }

                for (int e = network.OutOffsets[node]; e < network.OutOffsets[node + 1]; e++)
                {
                    int to = network.EdgeTo[e];
                    if (d + weight(e) < best[to])
                    {
                        best[to] = d + weight(e);
                        queue.Enqueue(to, best[to]);
                    }
                }
            }

            return best;
        }

        return (Search(e => network.LengthMetres[e]), Search(e => network.LengthMetres[e] * 3.6 / Math.Max(network.FreeFlowKmh[e], 1f)));
    }

    private static void AssertNearest(RoadNetwork network, double lon, double lat, int snapped)
    {
        double best = double.PositiveInfinity;
        for (int v = 0; v < network.NodeCount; v++)
        {
            if (network.OutOffsets[v + 1] > network.OutOffsets[v] && network.InOffsets[v + 1] > network.InOffsets[v])
            {
                best = Math.Min(best, GreatCircle.DistanceMetres(lon, lat, network.NodeLon[v], network.NodeLat[v]));
            }
        }

        Assert.True(GreatCircle.DistanceMetres(lon, lat, network.NodeLon[snapped], network.NodeLat[snapped]) <= best + 0.5);
    }

    private static string Square(string id, double lon, double lat)
    {
        string F(double v) => v.ToString("0.#######", CultureInfo.InvariantCulture);
        double h = 0.001;
        return "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"" + id + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
            + F(lon - h) + "," + F(lat - h) + "],[" + F(lon + h) + "," + F(lat - h) + "],[" + F(lon + h) + "," + F(lat + h) + "],["
            + F(lon - h) + "," + F(lat + h) + "],[" + F(lon - h) + "," + F(lat - h) + "]]]}}";
    }
}
