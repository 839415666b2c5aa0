using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using static TrafficEngine.Tests.Geo.NetworkTestSupport;

namespace TrafficEngine.Tests.Geo;

/// <summary>The shared real networks imported whole: counts, lengths against the source, adjacency, stable ids, Arrow round trip.</summary>
public sealed class NetworkRealDataTests
{
    private static string BeijingEdges => SharedData("osm_beijing_road_network/edges.csv");

    private static string BeijingNodes => SharedData("osm_beijing_road_network/nodes.csv");

    [Fact]
    public void Beijing_Csv_CountsAsDocumented()
    {
        (RoadNetwork network, NetworkImportReport report) = Import(BeijingEdges, BeijingNodes);

        // 70,310 rows; footway 8,614, other 6,282, service 6,202, platform 1,592, cycleway 1,153, ... left out.
        Assert.Equal(70_310, report.RecordsRead);
        Assert.Equal(44_946, network.EdgeCount);
        Assert.Equal(21_915, network.NodeCount);
        Assert.Equal(8_614, report.SkippedByHighway["footway"]);
        Assert.Equal(6_202, report.SkippedByHighway["service"]);
        Assert.Equal(47, report.SkippedByHighway["(none)"]);
        Assert.Equal(70_310 - 44_946, report.SkippedTotal);
        Assert.Equal(0, report.DanglingNodeRefs);
        Assert.Equal(27, report.Notes["zero_length_edges"]);
        Assert.Equal(34, report.Notes["oneway_minus_one_rows"]);
        AssertConsistent(network);
    }

    [Fact]
    public void Beijing_CsvWithService_ServiceRowsKept()
    {
        (RoadNetwork network, NetworkImportReport report) = Import(BeijingEdges, BeijingNodes, includeService: true);

        Assert.Equal(44_946 + 6_202, network.EdgeCount);
        Assert.Equal(24_240, network.NodeCount);
        Assert.False(report.SkippedByHighway.ContainsKey("service"));
    }

    [Fact]
    public void Beijing_LengthsMatchTheSourceStraightLineLengths()
    {
        (RoadNetwork network, _) = Import(BeijingEdges, BeijingNodes);
        Dictionary<long, double> sourceLength = File.ReadLines(BeijingEdges).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(f => long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => double.Parse(f[8], System.Globalization.CultureInfo.InvariantCulture));

        for (int e = 0; e < network.EdgeCount; e++)
        {
            // length_m is rounded to 0.1 m in the source and computed with a slightly different formula: 0.1 m + 1e-5 relative.
            double source = sourceLength[network.EdgeIds[e]];
            Assert.InRange(network.LengthMetres[e] - source, -0.1 - (source * 1e-5), 0.1 + (source * 1e-5));
        }
    }

    [Fact]
    public void Shenzhen_GraphMl_CountsLengthsAndAdjacency()
    {
        string path = SharedData("osm_shenzhen_futian_graph/G.graphml");

        (RoadNetwork network, NetworkImportReport report) = Import(path);
        (RoadNetwork withService, _) = Import(path, includeService: true);

        Assert.Equal(4_009, report.RecordsRead);
        Assert.Equal(2_223, network.EdgeCount);
        Assert.Equal(1_158, network.NodeCount);
        Assert.Equal(726, report.SkippedByHighway["footway"]);
        Assert.Equal(720, report.SkippedByHighway["service"]);
        Assert.Equal(2_943, withService.EdgeCount);
        Assert.Equal(0, report.TwoWayReverseEdges);
        AssertConsistent(network);
        AssertLengthsNearSource(network, path, "length", 0.01);
    }

    [Fact]
    public void Stockholm_Shapefile_CountsLengthsAndAdjacency()
    {
        string path = SharedData("fmm_example_networks/stockholm/edges.shp");

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(1_308, network.EdgeCount);
        Assert.Equal(649, network.NodeCount);
        Assert.Equal(0, report.RejectedCount(ImportSink.BadGeometry));
        AssertConsistent(network);
        using var dbf = new NetTopologySuite.IO.Esri.Dbf.DbfReader(Path.ChangeExtension(path, ".dbf"));
        foreach (NetTopologySuite.Features.IAttributesTable row in dbf)
        {
            long id = Convert.ToInt64(row["fid"], System.Globalization.CultureInfo.InvariantCulture);
            double source = Convert.ToDouble(row["length"], System.Globalization.CultureInfo.InvariantCulture);
            double ours = network.LengthMetres[Edge(network, id)];
            Assert.True(Math.Abs(ours - source) <= Math.Max(0.5, source * 0.01), $"Edge {id}: {ours:F2} m against the source's {source:F2} m.");
        }
    }

    [Fact]
    public void Import_Twice_SameEdgeIds()
    {
        foreach ((string input, string? nodes) in new[] { (BeijingEdges, BeijingNodes), (SharedData("osm_shenzhen_futian_graph/G.graphml"), null) })
        {
            (RoadNetwork first, _) = Import(input, nodes);
            (RoadNetwork second, _) = Import(input, nodes);

            Assert.Equal(first.EdgeIds.ToArray(), second.EdgeIds.ToArray());
        }
    }

    [Theory]
    [InlineData("osm_beijing_road_network/edges.csv")]
    [InlineData("osm_shenzhen_futian_graph/G.graphml")]
    [InlineData("fmm_example_networks/stockholm/edges.shp")]
    public void ArrowFile_RoundTrip_EqualsTheImportedNetwork(string relative)
    {
        string input = SharedData(relative);
        string? nodes = relative.EndsWith(".csv", StringComparison.Ordinal) ? SharedData("osm_beijing_road_network/nodes.csv") : null;
        (RoadNetwork network, NetworkImportReport report) = Import(input, nodes);
        string path = Path.Combine(TempFolder(), "network.arrow");

        RoadNetworkFile.Write(network, path);
        RoadNetwork read = RoadNetworkFile.Read(path);

        AssertSameNetwork(network, read);
        Assert.Equal(report.ToJson(), read.Metadata[NetworkImporter.SummaryKey]);
        Assert.Equal(network.NodeCount.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Metadata[NetworkImporter.NodeCountKey]);
        AssertConsistent(read);
    }

    /// <summary>Compares with the GraphML's own <c>length</c> attribute (metres) within a relative tolerance.</summary>
    private static void AssertLengthsNearSource(RoadNetwork network, string graphml, string attribute, double tolerance)
    {
        var document = System.Xml.Linq.XDocument.Load(graphml);
        System.Xml.Linq.XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        string key = document.Root!.Elements(ns + "key").Single(k => (string?)k.Attribute("attr.name") == attribute && (string?)k.Attribute("for") == "edge").Attribute("id")!.Value;
        int compared = 0;
        foreach (System.Xml.Linq.XElement edge in document.Descendants(ns + "edge"))
        {
            long u = long.Parse(edge.Attribute("source")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            long v = long.Parse(edge.Attribute("target")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            long k = long.Parse(edge.Attribute("id")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            int e = network.FindEdge(EdgeIds.Hash(u, v, k));
            if (e < 0)
            {
                continue; // not drivable
            }

            double source = double.Parse(edge.Elements(ns + "data").Single(d => (string?)d.Attribute("key") == key).Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(network.LengthMetres[e] - source) <= Math.Max(0.5, source * tolerance),
                $"Edge {u}->{v}: {network.LengthMetres[e]:F2} m against the source's {source:F2} m.");
            compared++;
        }

        Assert.Equal(network.EdgeCount, compared);
    }
}
