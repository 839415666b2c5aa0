using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace Jobs.Tests;

public sealed class CongestionCommandTests : IDisposable
{
    private static readonly long Monday8 = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
    private readonly TempFolder _temp = new();
    private readonly RoadNetwork _network;

    public CongestionCommandTests()
    {
        // Two one-way 500 m roads; 6 vehicles drive road 10 at 15 km/h (arterial: severe) and 6 drive road 11 at 50 km/h.
        var builder = new RoadNetworkBuilder();
        builder.AddNode(1, 116.40, 39.90);
        builder.AddNode(2, 116.40585, 39.90);
        builder.AddNode(3, 116.40585, 39.9045);
        builder.AddEdge(10, 100, 1, 2, "primary", "East Road", 2, double.NaN, [], []);
        builder.AddEdge(11, 101, 2, 3, "primary", "North Road", 2, double.NaN, [], []);
        _network = builder.Build();
        RoadNetworkFile.Write(_network, _temp.File("network.arrow"));
        WriteTraversals("traversals.arrow", [(10, Monday8, 15.0), (11, Monday8, 50.0)]);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Congestion_WritesIndicesForTheCityAndCorridors()
    {
        File.WriteAllText(_temp.File("corridors.csv"), "corridor,edge_id\nboth,10\nboth,11\n");

        (int code, string output, string error) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow",
            "--corridors", "corridors.csv", "--out", "result");

        Assert.True(code == 0, error);
        string[] city = File.ReadAllLines(_temp.File("result/city_index.csv"));
        Assert.Equal(2, city.Length);
        // Arterial only: one of two equal-length roads severe, so R = 0.5 and the TPI is capped at 10.
        Assert.StartsWith("2008-02-04T08:00:00+08:00,10,severe,", city[1], StringComparison.Ordinal);
        string[] areas = File.ReadAllLines(_temp.File("result/area_index.csv"));
        Assert.StartsWith("corridor,both,2008-02-04T08:00:00+08:00,", areas[1], StringComparison.Ordinal);
        Assert.Contains("city index bins", output, StringComparison.Ordinal);
        Assert.Contains("segment,10,East Road,arterial,workday_06_10,1,1,", File.ReadAllText(_temp.File("result/reliability.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Congestion_Areas_IndexPerPolygonWithTheNamedProperty()
    {
        // One district around road 10 (its midpoint inside, road 11's outside): only the severe road counts there.
        File.WriteAllText(_temp.File("districts.geojson"), """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"district":"Dongcheng"},"geometry":{"type":"Polygon","coordinates":[[[116.399,39.899],[116.404,39.899],[116.404,39.901],[116.399,39.901],[116.399,39.899]]]}}
            ]}
            """);

        (int code, _, string error) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow",
            "--areas", "districts.geojson", "--area-name", "district", "--out", "result");

        Assert.True(code == 0, error);
        string[] areas = File.ReadAllLines(_temp.File("result/area_index.csv"));
        Assert.Equal("kind,name,bin_start,tpi,level,tti,speed_kmh,congested_share,samples,segments,coverage,vehicles,tpi_low,tpi_high,tti_low,tti_high", areas[0]);
        Assert.Equal(2, areas.Length);
        string[] fields = areas[1].Split(',');
        Assert.Equal(["area", "Dongcheng", "2008-02-04T08:00:00+08:00", "10", "severe"], fields[..5]);
        Assert.Equal("1", fields[7]); // congested share
        Assert.Equal(["6", "1", "1", "6"], fields[8..12]); // six traversals by six vehicles on one segment, the district's only road: all of it observed
        // Six vehicles at the same speed on the same road: every resampled fleet reads the same, so the intervals have no width.
        Assert.Equal(["10", "10", fields[5], fields[5]], fields[12..]);
    }

    [Fact]
    public void Congestion_HolidayAndBreakpoints_ChangeTheIndex()
    {
        // Monday declared a holiday: no workday, so nothing recurrent; a gentler scale: R = 0.5 maps to 5.
        (int code, _, string error) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow",
            "--out", "result", "--holidays", "2008-02-04", "--tpi-breakpoints", "0:0,1:10");

        Assert.True(code == 0, error);
        string[] city = File.ReadAllLines(_temp.File("result/city_index.csv"));
        string[] fields = city[1].Split(',');
        Assert.Equal("2008-02-04T08:00:00+08:00", fields[0]);
        Assert.InRange(double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), 4.9, 5.1); // the two roads differ by centimetres
        Assert.Equal("light", fields[2]);
        Assert.Contains("\"workdays\": 0", File.ReadAllText(_temp.File("result/congestion_summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Congestion_History_EarlierRunGivesFreeFlowFromData()
    {
        // Sunday 2008-02-03: 6 vehicles drive road 10 at 50.3 km/h at 02:00, 03:00, 11:00 and 13:00 (off-peak). Today
        // (Monday 08:00, peak) has no off-peak bin: without history both roads keep the class default, 60. With Sunday's
        // run as history, road 10 has four off-peak values, all in the 50 km/h bucket, read spread over it as 50.125,
        // 50.375, 50.625 and 50.875: p85 rank 2.55, 50.7625 (50.8 as published). Road 11, alone on its road, takes
        // its class in the area from road 10's values: the same.
        long sunday = new DateTimeOffset(2008, 2, 3, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        WriteTraversals("sunday.arrow", [.. new[] { 2, 3, 11, 13 }.Select(h => (10L, sunday + (h * 3_600_000L), 50.3))]);
        (int earlier, _, string earlierError) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "sunday.arrow", "--out", "runs/sunday");
        Assert.True(earlier == 0, earlierError);

        (int code, string output, string error) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow",
            "--out", "result", "--history", "runs");

        Assert.True(code == 0, error);
        Assert.Contains("1 edges' own data, 0 their road, 1 their class in the area, 0 the network's speed", output, StringComparison.Ordinal);
        Assert.Contains("4  cells of 1 days from 1 file(s) (0 older than 28 days", output, StringComparison.Ordinal);
        string segments = File.ReadAllText(_temp.File("result/segments.geojson"));
        Assert.Contains("\"edge_id\":10,\"from_node\":1,\"to_node\":2,\"name\":\"East Road\",\"road_class\":\"arterial\",\"free_flow_kmh\":50.8,\"free_flow_source\":\"edge\"", segments, StringComparison.Ordinal);
        Assert.Contains("\"free_flow_kmh\":50.8,\"free_flow_source\":\"class_in_area\"", segments, StringComparison.Ordinal);
        string summary = File.ReadAllText(_temp.File("result/congestion_summary.json"));
        Assert.Contains("\"cells_used\": 4", summary, StringComparison.Ordinal);
        (int without, string plain, _) = CliRunner.Run(_temp.Path, "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow", "--out", "plain");
        Assert.Equal(0, without);
        Assert.Contains("0 edges' own data, 0 their road, 0 their class in the area, 2 the network's speed", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("  history ", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--history", "bad_history.arrow", "bad_history.arrow: not an Arrow IPC file")]
    [InlineData("--history", "traversals.arrow", "traversals.arrow: the required column 'bin_start' (timestamp[ms, UTC]) is missing")]
    [InlineData("--history", "no_such_folder", "--history: file or folder")]
    [InlineData("--traversals", "missing.arrow", "--traversals: file")]
    [InlineData("--bin", "7", "--bin")]
    [InlineData("--free-flow", "median", "--free-flow: unknown method 'median'")]
    [InlineData("--corridors", "bad_corridors.csv", "bad_corridors.csv: line 2, field edge_id: edge 999 is not in the network")]
    [InlineData("--areas", "bad.geojson", "bad.geojson: not valid JSON")]
    [InlineData("--tpi-breakpoints", "0:0,0.1", "--tpi-breakpoints: '0.1' is not ratio:index")]
    [InlineData("--tpi-breakpoints", "0:0,0.1:5,0.05:10", "--tpi-breakpoints: TPI breakpoint ratios must increase")]
    [InlineData("--holidays", "2008-02-31", "--holidays: '2008-02-31' is not a date")]
    public void Congestion_UserErrors_OneLineExitOne(string option, string value, string expected)
    {
        File.WriteAllText(_temp.File("bad_corridors.csv"), "corridor,edge_id\nc,999\n");
        File.WriteAllText(_temp.File("bad.geojson"), "{\"type\":");
        File.WriteAllText(_temp.File("bad_history.arrow"), "bin_start,edge_id\n");
        var args = new List<string> { "congestion", "--network", "network.arrow", "--traversals", "traversals.arrow", "--out", "result" };
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        (int code, _, string error) = CliRunner.Run(_temp.Path, [.. args]);

        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(_temp.File("result")) && Directory.EnumerateFiles(_temp.File("result")).Any(), "nothing published");
    }

    /// <summary>A traversals file: per cell, 6 vehicles drive the whole edge at the speed, entering 10 s apart from the bin start.</summary>
    private void WriteTraversals(string name, IEnumerable<(long EdgeId, long StartMs, double Kmh)> cells)
    {
        var vehicle = new StringArray.Builder();
        var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        for (int v = 0; v < 6; v++)
        {
            foreach ((long id, long start, double kmh) in cells)
            {
                int e = _network.FindEdge(id);
                vehicle.Append("veh" + v);
                edge.Append(id);
                enter.Append(start + (v * 10_000));
                exit.Append(start + (v * 10_000) + (long)(_network.LengthMetres[e] / (kmh / 3.6) * 1000));
                length.Append(_network.LengthMetres[e]);
            }
        }

        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true), new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("length_m", DoubleType.Default, nullable: true),
        ], []);
        ArrowFiles.Write(_temp.File(name), schema, [ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()])]);
    }
}
