using System.Text.Json;
using Apache.Arrow;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;
using static TrafficEngine.Tests.Congestion.MainStreetNetwork;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// The free-flow fallback chain (issue 10 §1) on <see cref="MainStreetNetwork"/>, every step worked by hand: off-peak
/// cells of 5 vehicles on Monday 2008-02-04 at 02:00, 03:00, 11:00, 13:00 and 21:00.
/// </summary>
public sealed class FreeFlowFallbackTests : IDisposable
{
    private static readonly int[] OffPeakHours = [2, 3, 11, 13, 21];
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-freeflow-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// M1 (Main St, east) 40 44 48 52 56; M2 (next east) 30 34; M6 (Main St, west) 20 20 20; S1 (Side St, straight on
    /// east of D) 60 64; C1 (collector) 10 x 5. M3, M4, M5 and F1 have no cells.
    /// </summary>
    private static List<(long, long, double, int)> Day() =>
    [
        .. Row(M1, 40, 44, 48, 52, 56), .. Row(M2, 30, 34), .. Row(M6, 20, 20, 20), .. Row(S1, 60, 64), .. Row(C1, 10, 10, 10, 10, 10),
    ];

    [Fact]
    public void Estimate_EachStep_ExactSpeedAndSource()
    {
        // Edge: M1 has five values; p85 (type 7) of 40 44 48 52 56: rank 0.85 x 4 = 3.4, 52 + 0.4 x 4 = 53.6.
        // Road: M2 has two; its stretch (Main St eastbound: M1, M2, M3) pools 30 34 40 44 48 52 56: rank 5.1, 52.4. M3
        // has none of its own and gets the same.
        // Class in area: M6's stretch is the westbound carriageway (M4, M5, M6: never the eastbound one) with three
        // values, too few; S1 continues Main St straight on but is another road, two values. The arterials of the 4 km
        // cell pool M1 M2 M6 S1: 20 20 20 30 34 40 44 48 52 56 60 64, rank 0.85 x 11 = 9.35, 56 + 0.35 x 4 = 57.4 (with
        // the collector's five 10s it would be 54.4).
        // Network: F1 lies 10 km east, alone in its cell with no data: its maxspeed, 70.
        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(Network, Cells(Day()), new CongestionOptions());

        AssertSpeed(freeFlow, M1, 53.6, FreeFlowSource.Edge);
        AssertSpeed(freeFlow, M2, 52.4, FreeFlowSource.Road);
        AssertSpeed(freeFlow, M3, 52.4, FreeFlowSource.Road);
        AssertSpeed(freeFlow, M4, 57.4, FreeFlowSource.ClassInArea);
        AssertSpeed(freeFlow, M5, 57.4, FreeFlowSource.ClassInArea);
        AssertSpeed(freeFlow, M6, 57.4, FreeFlowSource.ClassInArea);
        AssertSpeed(freeFlow, S1, 57.4, FreeFlowSource.ClassInArea);
        AssertSpeed(freeFlow, C1, 10, FreeFlowSource.Edge);
        AssertSpeed(freeFlow, F1, 70, FreeFlowSource.Network);
        Assert.Equal([2, 2, 4, 1], freeFlow.CountBySource());
    }

    [Fact]
    public void Estimate_AreaPolygons_ReplaceTheGrid()
    {
        // One polygon holding every road: Far Rd now shares the arterials' area and their 57.4.
        string path = Path.Combine(_folder, "areas.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"all"},"geometry":{"type":"Polygon",
             "coordinates":[[[116.39,39.89],[116.53,39.89],[116.53,39.91],[116.39,39.91],[116.39,39.89]]]}}]}
            """);
        var options = new CongestionOptions();
        FreeFlowGroups groups = FreeFlowGroups.Build(Network, options, AreaPolygons.Read(path));

        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(Network, Cells(Day()), options, groups);

        AssertSpeed(freeFlow, F1, 57.4, FreeFlowSource.ClassInArea);
        AssertSpeed(freeFlow, C1, 10, FreeFlowSource.Edge);
    }

    [Fact]
    public void Estimate_NoData_EveryEdgeOnTheNetworkSpeed()
    {
        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(Network, Cells([]), new CongestionOptions());

        Assert.All(freeFlow.Sources, s => Assert.Equal(FreeFlowSource.Network, s));
        Assert.Equal(Network.FreeFlowKmh.ToArray(), freeFlow.Kmh);
    }

    [Fact]
    public void Publish_RecordsTheSourcePerEdgeInTheCellFileAndTheSummary()
    {
        CongestionResult result = CongestionAnalyzer.Analyze(Network, [Traversals(Network, Day())], new CongestionOptions());

        CongestionPublisher.Publish(result, _folder);

        (_, List<RecordBatch> batches) = ArrowFiles.ReadAll(Path.Combine(_folder, CongestionPublisher.SegmentSpeeds));
        var expected = new Dictionary<long, string> { [M1] = "edge", [M2] = "road", [M6] = "class_in_area", [S1] = "class_in_area", [C1] = "edge" };
        int rows = 0;
        foreach (RecordBatch batch in batches)
        {
            var ids = batch.Require<Int64Array>("edge_id");
            var sources = batch.Require<DictionaryArray>("free_flow_source");
            for (int i = 0; i < batch.Length; i++, rows++)
            {
                Assert.Equal(expected[ids.GetValue(i)!.Value], ArrowArrays.GetString(sources, i));
            }
        }

        Assert.Equal(17, rows);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, CongestionPublisher.Summary)));
        JsonElement counts = summary.RootElement.GetProperty("edges_by_free_flow_source");
        Assert.Equal(2, counts.GetProperty("edge").GetInt32());
        Assert.Equal(2, counts.GetProperty("road").GetInt32());
        Assert.Equal(4, counts.GetProperty("class_in_area").GetInt32());
        Assert.Equal(1, counts.GetProperty("network").GetInt32());
        Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("history").ValueKind);
        Assert.Contains("\"free_flow_source\":\"road\"", File.ReadAllText(Path.Combine(_folder, CongestionPublisher.Segments)), StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_SameRoadAndDirection_StraightOnOnlyCutIntoStretches()
    {
        // A straight road of ten 300 m edges ("Long Rd"), its reverse, a same-named branch turning off at 90 degrees, two
        // unnamed pieces of one source way and a third of another way, and a twelve-sided ring (30-degree turns).
        var builder = new RoadNetworkBuilder();
        double step = EastDegrees(300);
        for (int i = 0; i <= 10; i++)
        {
            builder.AddNode(i, 116.40 + (i * step), 39.90);
        }

        builder.AddNode(50, 116.40 + (3 * step), 39.9027);
        for (int i = 0; i < 10; i++)
        {
            builder.AddEdge(100 + i, 1, i, i + 1, "primary", "Long Rd", 2, double.NaN, [], []);
            builder.AddEdge(200 + i, 1, i + 1, i, "primary", "Long Rd", 2, double.NaN, [], []);
        }

        builder.AddEdge(300, 1, 3, 50, "primary", "Long Rd", 2, double.NaN, [], []);
        for (int i = 0; i < 4; i++)
        {
            builder.AddNode(60 + i, 116.40 + (i * step), 39.95);
        }

        builder.AddEdge(400, 7, 60, 61, "residential", null, 0, double.NaN, [], []);
        builder.AddEdge(401, 7, 61, 62, "residential", null, 0, double.NaN, [], []);
        builder.AddEdge(402, 8, 62, 63, "residential", null, 0, double.NaN, [], []);
        for (int k = 0; k < 12; k++)
        {
            double angle = k * Math.PI / 6;
            builder.AddNode(70 + k, 116.45 + EastDegrees(200 * Math.Cos(angle)), 39.97 + (200 * Math.Sin(angle) / 111_195));
        }

        for (int k = 0; k < 12; k++)
        {
            builder.AddEdge(500 + k, 9, 70 + k, 70 + ((k + 1) % 12), "primary", "Ring", 2, double.NaN, [], []);
        }

        RoadNetwork network = builder.Build();
        int[] road = FreeFlowGroups.Build(network, new CongestionOptions()).RoadOf;
        int Road(long id) => road[network.FindEdge(id)];

        // 2,000 m stretches: edges 100-106 reach 2,100 m, 107-109 start the next.
        Assert.All(Enumerable.Range(101, 6), id => Assert.Equal(Road(100), Road(id)));
        Assert.NotEqual(Road(106), Road(107));
        Assert.All(Enumerable.Range(108, 2), id => Assert.Equal(Road(107), Road(id)));
        Assert.All(Enumerable.Range(200, 10), id => Assert.NotEqual(Road(100), Road(id)));
        Assert.All(Enumerable.Range(200, 10), id => Assert.NotEqual(Road(107), Road(id)));
        Assert.Equal(Road(203), Road(209)); // the reverse carriageway chains on its own, from its own start
        Assert.Equal(Road(200), Road(202));
        Assert.NotEqual(Road(202), Road(203));
        Assert.All(Enumerable.Range(100, 10).Concat(Enumerable.Range(200, 10)), id => Assert.NotEqual(Road(300), Road(id)));
        Assert.Equal(Road(400), Road(401));
        Assert.NotEqual(Road(401), Road(402));
        Assert.All(Enumerable.Range(501, 11), id => Assert.Equal(Road(500), Road(id))); // 1,250 m round: one stretch
        Assert.NotEqual(Road(500), Road(100));
    }

    private static IEnumerable<(long, long, double, int)> Row(long edge, params double[] kmh) =>
        kmh.Select((v, i) => (edge, At(2, 4, OffPeakHours[i]), v, 5));

    private static void AssertSpeed(FreeFlowSpeeds freeFlow, long edgeId, double kmh, FreeFlowSource source)
    {
        int e = Edge(edgeId);
        Assert.True(Math.Abs(freeFlow.Kmh[e] - kmh) < 0.01, $"edge {edgeId}: {freeFlow.Kmh[e]} km/h, expected {kmh}");
        Assert.Equal(source, freeFlow.Sources[e]);
    }
}
