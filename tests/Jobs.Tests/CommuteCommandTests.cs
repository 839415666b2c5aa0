using System.Globalization;
using System.Text.Json;
using TrafficEngine.Geo;

namespace Jobs.Tests;

public sealed class CommuteCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Commute_ShenzhenWithMappedColumns_PublishesEveryFile()
    {
        string data = Path.GetFullPath(Path.Combine(CliRunner.RepositoryRoot(), "..", "shared", "data", "shenzhen_commute_od_unicom"));
        Assert.True(Directory.Exists(data), $"The shared dataset is missing at {data}; this test must not be skipped.");

        (int code, string output, string error) = CliRunner.Run(_temp.Path, "commute", "--od", Path.Combine(data, "shenzhen_commute_od.csv"),
            "--zones", Path.Combine(data, "shenzhen_sub_districts.geojson"), "--zone-id-property", "JDBH", "--district-property", "QXMC",
            "--home-column", "JDBH_x", "--work-column", "JDBH_y", "--count-column", "flow", "--distance-column", "avg_dis", "--time-column", "avg_time",
            "--out", "result");

        Assert.True(code == 0, error);
        foreach (string file in new[] { "zones.csv", "zones.arrow", "zones.geojson", "districts.csv", "od_published.csv", "commute_summary.json", "quarantine.csv" })
        {
            Assert.True(File.Exists(_temp.File(Path.Combine("result", file))), file);
        }

        string[] zones = File.ReadAllLines(_temp.File("result/zones.csv"));
        Assert.Equal(62, zones.Length);
        Assert.StartsWith("zone_id,name,district,residents,jobs,jobs_housing_ratio,", zones[0], StringComparison.Ordinal);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(_temp.File("result/commute_summary.json")));
        Assert.Equal(8_939_305, summary.RootElement.GetProperty("commuters").GetDouble());
        Assert.Contains("commute summary (61 zones, 3,593 observed pairs", output, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(_temp.File("result/quarantine.csv")));
    }

    [Fact]
    public void Commute_NoCostsInTable_RoutesBetweenCentroidsOnTheNetwork()
    {
        // Nodes 1, 2, 3 along a parallel 0.01 degrees apart, two-way primary roads; one small square zone per node.
        var builder = new RoadNetworkBuilder();
        builder.AddNode(1, 116.40, 39.90);
        builder.AddNode(2, 116.41, 39.90);
        builder.AddNode(3, 116.42, 39.90);
        builder.AddEdge(10, 100, 1, 2, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(11, 100, 2, 1, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(12, 101, 2, 3, "primary", null, 2, double.NaN, [], []);
        builder.AddEdge(13, 101, 3, 2, "primary", null, 2, double.NaN, [], []);
        RoadNetwork network = builder.Build();
        RoadNetworkFile.Write(network, _temp.File("network.arrow"));
        File.WriteAllText(_temp.File("zones.geojson"), $$"""
            {"type":"FeatureCollection","features":[{{Square("A", 116.40)}},{{Square("B", 116.41)}},{{Square("C", 116.42)}}]}
            """);
        File.WriteAllText(_temp.File("od.csv"), "home_zone,work_zone,commuters\nA,B,10\nA,C,20\nC,A,30\n");

        (int code, _, string error) = CliRunner.Run(_temp.Path, "commute", "--od", "od.csv", "--zones", "zones.geojson", "--network", "network.arrow",
            "--observed-pairs-only", "--k", "1", "--out", "result");

        Assert.True(code == 0, error);
        double Length(long id) => network.LengthMetres[network.FindEdge(id)] / 1000;
        double Minutes(long id) => network.LengthMetres[network.FindEdge(id)] / 1000 / network.FreeFlowKmh[network.FindEdge(id)] * 60;
        double km = ((10 * Length(10)) + (20 * (Length(10) + Length(12))) + (30 * (Length(13) + Length(11)))) / 60;
        double min = ((10 * Minutes(10)) + (20 * (Minutes(10) + Minutes(12))) + (30 * (Minutes(13) + Minutes(11)))) / 60;
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(_temp.File("result/commute_summary.json")));
        JsonElement s = summary.RootElement;
        // Published to 0.001 km and min.
        Assert.Equal(Math.Round(km, 3), s.GetProperty("mean_distance_km").GetDouble(), 9);
        Assert.Equal(Math.Round(min, 3), s.GetProperty("mean_time_min").GetDouble(), 9);
        // The observed pairs fix the flows: the minimum and maximum are the observed commute.
        Assert.Equal(Math.Round(km, 3), s.GetProperty("min_distance_km").GetDouble(), 9);
        Assert.Equal(Math.Round(km, 3), s.GetProperty("max_distance_km").GetDouble(), 9);
        Assert.Equal(3, s.GetProperty("network_cost_pairs").GetInt32());
        Assert.Equal(0, s.GetProperty("straight_line_cost_pairs").GetInt32());
        string[] od = File.ReadAllLines(_temp.File("result/od_published.csv"));
        Assert.Equal("A,B,10," + Math.Round(Length(10), 3).ToString(CultureInfo.InvariantCulture) + ",", od[1][..(od[1].LastIndexOf(',', od[1].LastIndexOf(',') - 1) + 1)]);
    }

    [Fact]
    public void Commute_Probes_TaxiTripsBetweenZonesBecomeTheOd()
    {
        // Squares A, B, C as in the routed case; taxi t1 picks up in A and drops off in C, taxi t2 in C and B.
        File.WriteAllText(_temp.File("zones.geojson"), $$"""
            {"type":"FeatureCollection","features":[{{Square("A", 116.40)}},{{Square("B", 116.41)}},{{Square("C", 116.42)}}]}
            """);
        File.WriteAllText(_temp.File("probes.csv"), """
            vehicle_id,timestamp,lon,lat,occupied
            t1,2024-04-22T08:00:00+08:00,116.4001,39.9001,0
            t1,2024-04-22T08:01:00+08:00,116.4002,39.9001,1
            t1,2024-04-22T08:06:00+08:00,116.4101,39.9001,1
            t1,2024-04-22T08:11:00+08:00,116.4201,39.9001,1
            t1,2024-04-22T08:12:00+08:00,116.4202,39.9001,0
            t2,2024-04-22T09:00:00+08:00,116.4199,39.8999,0
            t2,2024-04-22T09:01:00+08:00,116.4198,39.8999,1
            t2,2024-04-22T09:09:00+08:00,116.4099,39.8999,1
            t2,2024-04-22T09:10:00+08:00,116.4098,39.8999,0
            """);
        (int ingest, _, string ingestError) = CliRunner.Run(_temp.Path, "ingest", "probes", "--input", "probes.csv", "--format", "csv", "--crs", "wgs84",
            "--out", "probes.arrow", "--key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        Assert.True(ingest == 0, ingestError);

        (int code, string output, string error) = CliRunner.Run(_temp.Path, "commute", "--probes", "probes.arrow", "--zones", "zones.geojson", "--k", "1", "--out", "result");

        Assert.True(code == 0, error);
        Assert.Contains("taxi trips: 2 from 2 vehicles", output, StringComparison.Ordinal);
        string[] od = File.ReadAllLines(_temp.File("result/od_published.csv"));
        Assert.Equal(3, od.Length);
        Assert.StartsWith("A,C,1,", od[1], StringComparison.Ordinal);
        Assert.StartsWith("C,B,1,", od[2], StringComparison.Ordinal);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(_temp.File("result/commute_summary.json")));
        Assert.Equal((10 + 8) / 2.0, summary.RootElement.GetProperty("mean_time_min").GetDouble(), 9);
    }

    [Fact]
    public void Commute_CountColumnMissing_OneLineErrorNamingFileAndColumn()
    {
        File.WriteAllText(_temp.File("od.csv"), "home_zone,work_zone,people\nA,B,3\n");

        (int code, _, string error) = CliRunner.Run(_temp.Path, "commute", "--od", "od.csv", "--out", "result");

        Assert.Equal(TrafficCli.UserError, code);
        Assert.Contains("od.csv: line 1 (header): required column count is missing", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(_temp.File("result")));
    }

    [Theory]
    [InlineData("--congested", "speeds.arrow", "give --network too")]
    [InlineData("--period", "9-7", "--period: '9-7'")]
    [InlineData("--k", "-1", "--k:")]
    public void Commute_BadOption_OneLineError(string option, string value, string message)
    {
        File.WriteAllText(_temp.File("od.csv"), "home_zone,work_zone,commuters\nA,B,3\n");
        File.WriteAllText(_temp.File("speeds.arrow"), "");
        string[] congested = option == "--period" ? ["--congested", "speeds.arrow", "--network", "od.csv"] : [];

        (int code, _, string error) = CliRunner.Run(_temp.Path, ["commute", "--od", "od.csv", option, value, .. congested, "--out", "result"]);

        Assert.Equal(TrafficCli.UserError, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static string Square(string id, double lon) =>
        $$$"""{"type":"Feature","properties":{"zone_id":"{{{id}}}"},"geometry":{"type":"Polygon","coordinates":[[[{{{F(lon - 0.001)}}},39.899],[{{{F(lon + 0.001)}}},39.899],[{{{F(lon + 0.001)}}},39.901],[{{{F(lon - 0.001)}}},39.901],[{{{F(lon - 0.001)}}},39.899]]]}}""";

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
