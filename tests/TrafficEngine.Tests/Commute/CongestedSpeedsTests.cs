using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Commute;
using TrafficEngine.Geo;

namespace TrafficEngine.Tests.Commute;

public class CongestedSpeedsTests
{
    private const long Midnight = 1_713_715_200_000; // 2024-04-22 00:00 Beijing (2024-04-21 16:00 UTC)

    [Fact]
    public void Build_MorningPeakSpeeds_TimeIsTheCongestedTimeAlongTheShortestPath()
    {
        var builder = new RoadNetworkBuilder();
        builder.AddNode(1, 116.40, 39.90);
        builder.AddNode(2, 116.41, 39.90);
        builder.AddNode(3, 116.42, 39.90);
        builder.AddEdge(10, 100, 1, 2, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(11, 100, 2, 1, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(12, 101, 2, 3, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(13, 101, 3, 2, "primary", null, 2, double.NaN, [], []);
        RoadNetwork network = builder.Build();
        // Edge 10 at 08:00 (20 km/h, 5 vkm) and 08:15 (30 km/h, 5 vkm): space-mean 10 / (5/20 + 5/30) = 24 km/h.
        // Edge 12: 18:00 is outside 07-09 and the 08:00 bin is low-sample, so it keeps its free flow.
        RecordBatch speeds = Speeds([(8 * 60, 10, 20, 5, false), (8 * 60 + 15, 10, 30, 5, false), (18 * 60, 12, 10, 5, false), (8 * 60, 12, 5, 5, true)]);

        float[] kmh = CongestedSpeeds.Read([speeds], network, 7, 9);
        string zones = CommuteData.Temp("zones.geojson", "{\"type\":\"FeatureCollection\",\"features\":[" + Square("A", 116.40) + "," + Square("C", 116.42) + "]}");
        OdTable table = OdTableReader.Read(CommuteData.Temp("od.csv", "home_zone,work_zone,commuters\nA,C,10\n"), new OdColumns(), CommuteZones.Read(zones), new OdQuarantine());
        CommuteCosts costs = CommuteCosts.Build(table, network, allPairs: false, kmh);

        int e10 = network.FindEdge(10), e12 = network.FindEdge(12);
        Assert.Equal(24, kmh[e10], 4);
        Assert.True(float.IsNaN(kmh[e12]));
        double expected = (network.LengthMetres[e10] / 1000 / 24 * 60) + (network.LengthMetres[e12] / 1000 / network.FreeFlowKmh[e12] * 60);
        Assert.Equal(expected, costs.TimeMin[1], 6);
        Assert.Equal(CostSource.Network, costs.TimeSource[1]);
    }

    private static RecordBatch Speeds(IEnumerable<(int Minute, long Edge, double Kmh, double Vkt, bool Low)> rows)
    {
        var bin = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var edge = new Int64Array.Builder();
        var speed = new DoubleArray.Builder();
        var vkt = new DoubleArray.Builder();
        var low = new BooleanArray.Builder();
        foreach ((int minute, long e, double kmh, double v, bool l) in rows)
        {
            bin.Append(Midnight + (minute * 60_000L));
            edge.Append(e);
            speed.Append(kmh);
            vkt.Append(v);
            low.Append(l);
        }

        var schema = new Schema(
            [
                new Field("bin_start", ArrowTypes.TimestampMsUtc, false), new Field("edge_id", Int64Type.Default, false),
                new Field("speed_kmh", DoubleType.Default, false), new Field("vkt", DoubleType.Default, false), new Field("low_sample", BooleanType.Default, false),
            ], null);
        return ArrowColumns.Batch(schema, [bin.Build(), edge.Build(), speed.Build(), vkt.Build(), low.Build()]);
    }

    private static string Square(string id, double lon)
    {
        string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        return "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"" + id + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
            + F(lon - 0.001) + ",39.899],[" + F(lon + 0.001) + ",39.899],[" + F(lon + 0.001) + ",39.901],[" + F(lon - 0.001) + ",39.901],[" + F(lon - 0.001) + ",39.899]]]}}";
    }
}
