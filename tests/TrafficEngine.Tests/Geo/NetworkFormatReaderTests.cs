using System.IO.Compression;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.IO;
using static TrafficEngine.Tests.Geo.NetworkTestSupport;

namespace TrafficEngine.Tests.Geo;

/// <summary>Each reader on a small hand-written fixture: directions, oneway, ids, lengths, skips.</summary>
public sealed class NetworkFormatReaderTests
{
    // Six nodes on a line of latitude 40: 1 (116.00) 2 (116.01) 3 (116.02) 4 (116.03) 5 (116.04); 6 north of 2.
    private const string Osm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6">
          <node id="1" lat="40.0" lon="116.00"/>
          <node id="2" lat="40.0" lon="116.01"/>
          <node id="3" lat="40.0" lon="116.02"/>
          <node id="4" lat="40.0" lon="116.03"/>
          <node id="5" lat="40.0" lon="116.04"/>
          <node id="6" lat="40.01" lon="116.01"/>
          <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="长安街"/><tag k="lanes" v="2"/></way>
          <way id="200"><nd ref="3"/><nd ref="4"/><nd ref="5"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="maxspeed" v="30 mph"/></way>
          <way id="300"><nd ref="2"/><nd ref="6"/><tag k="highway" v="secondary"/><tag k="oneway" v="-1"/></way>
          <way id="400"><nd ref="1"/><nd ref="6"/><tag k="highway" v="footway"/></way>
          <way id="500"><nd ref="5"/><nd ref="6"/><tag k="highway" v="service"/></way>
          <way id="600"><nd ref="4"/><nd ref="6"/><tag k="building" v="yes"/></way>
        </osm>
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Osm_WaysSplitAtJunctions_DirectionsIdsAndLengthsExact(bool gzip)
    {
        string folder = TempFolder();
        string path = Write(folder, "city.osm", Osm);
        if (gzip)
        {
            using (FileStream gz = File.Create(path + ".gz"))
            using (var zip = new GZipStream(gz, CompressionLevel.Fastest))
            {
                zip.Write(File.ReadAllBytes(path));
            }

            path += ".gz";
        }

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        // Way 100 splits at node 2 (where way 300 ends): pieces 1-2 and 2-3, both two-way. Way 200 runs 3-4-5 as one
        // piece (4 is no junction), one way. Way 300 is oneway=-1: only 6 -> 2.
        Assert.Equal(6, network.EdgeCount);
        Assert.Equal((1, 2), Ends(network, Edge(network, EdgeIds.Compose(100, 0, false))));
        Assert.Equal((2, 1), Ends(network, Edge(network, EdgeIds.Compose(100, 0, true))));
        Assert.Equal((2, 3), Ends(network, Edge(network, EdgeIds.Compose(100, 1, false))));
        Assert.Equal((3, 2), Ends(network, Edge(network, EdgeIds.Compose(100, 1, true))));
        int primary = Edge(network, EdgeIds.Compose(200, 0, false));
        Assert.Equal((3, 5), Ends(network, primary));
        Assert.Equal(-1, network.FindEdge(EdgeIds.Compose(200, 0, true)));
        Assert.Equal(3, network.EdgeLon(primary).Length);
        Assert.Equal(GreatCircle.DistanceMetres(116.02, 40, 116.03, 40) + GreatCircle.DistanceMetres(116.03, 40, 116.04, 40), network.LengthMetres[primary], 9);
        Assert.Equal(30 * 1.609344, network.FreeFlowKmh[primary], 4);
        Assert.Equal(RoadClass.Arterial, network.Classes[primary]);
        int reversed = Edge(network, EdgeIds.Compose(300, 0, true));
        Assert.Equal((6, 2), Ends(network, reversed));
        Assert.Equal(-1, network.FindEdge(EdgeIds.Compose(300, 0, false)));
        Assert.Equal(116.01, network.EdgeLon(reversed)[0]);
        Assert.Equal(40.01, network.EdgeLat(reversed)[0]);
        int named = Edge(network, EdgeIds.Compose(100, 0, false));
        Assert.Equal("长安街", network.NameOf(named));
        Assert.Equal(2, network.Lanes[named]);
        Assert.Equal(100, network.SourceIds[named]);
        Assert.Equal(30f, network.FreeFlowKmh[named]);
        Assert.Equal(1, report.SkippedByHighway["footway"]);
        Assert.Equal(1, report.SkippedByHighway["service"]);
        Assert.Equal(5, report.RecordsRead);
        Assert.Equal(2, report.TwoWayReverseEdges);
        AssertConsistent(network);
    }

    [Fact]
    public void Osm_IncludeService_KeepsServiceBothWays()
    {
        string path = Write(TempFolder(), "city.osm", Osm);

        (RoadNetwork network, NetworkImportReport report) = Import(path, includeService: true);

        Assert.Equal(8, network.EdgeCount);
        Assert.Equal((6, 5), Ends(network, Edge(network, EdgeIds.Compose(500, 0, true))));
        Assert.False(report.SkippedByHighway.ContainsKey("service"));
    }

    [Fact]
    public void GraphMl_EdgesTakenAsDirected_ListsAndReversedGeometry()
    {
        string path = Write(TempFolder(), "g.graphml", """
            <?xml version='1.0' encoding='utf-8'?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key id="d0" for="graph" attr.name="crs" attr.type="string"/>
            <key id="d4" for="node" attr.name="y" attr.type="string"/>
            <key id="d5" for="node" attr.name="x" attr.type="string"/>
            <key id="d9" for="edge" attr.name="osmid" attr.type="string"/>
            <key id="d10" for="edge" attr.name="oneway" attr.type="string"/>
            <key id="d11" for="edge" attr.name="name" attr.type="string"/>
            <key id="d12" for="edge" attr.name="highway" attr.type="string"/>
            <key id="d13" for="edge" attr.name="maxspeed" attr.type="string"/>
            <key id="d15" for="edge" attr.name="length" attr.type="string"/>
            <key id="d16" for="edge" attr.name="geometry" attr.type="string"/>
            <key id="d17" for="edge" attr.name="lanes" attr.type="string"/>
            <graph edgedefault="directed"><data key="d0">epsg:4326</data>
            <node id="10"><data key="d4">22.5</data><data key="d5">114.0</data></node>
            <node id="20"><data key="d4">22.5</data><data key="d5">114.01</data></node>
            <node id="30"><data key="d4">22.51</data><data key="d5">114.01</data></node>
            <edge source="10" target="20" id="0"><data key="d9">[7, 8]</data><data key="d10">False</data><data key="d12">['primary', 'secondary']</data><data key="d17">['2', '3']</data><data key="d13">60</data>
              <data key="d16">LINESTRING (114.0 22.5, 114.005 22.501, 114.01 22.5)</data></edge>
            <edge source="20" target="10" id="0"><data key="d9">[7, 8]</data><data key="d10">False</data><data key="d12">['primary', 'secondary']</data>
              <data key="d16">LINESTRING (114.0 22.5, 114.005 22.501, 114.01 22.5)</data></edge>
            <edge source="20" target="30" id="0"><data key="d9">9</data><data key="d10">True</data><data key="d12">tertiary</data><data key="d11">福华路</data></edge>
            <edge source="30" target="10" id="0"><data key="d9">11</data><data key="d12">footway</data></edge>
            </graph></graphml>
            """);

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(3, network.EdgeCount);
        int forward = Edge(network, EdgeIds.Hash(10, 20, 0));
        Assert.Equal((10, 20), Ends(network, forward));
        Assert.Equal(7, network.SourceIds[forward]);
        Assert.Equal("primary", network.HighwayOf(forward));
        Assert.Equal(2, network.Lanes[forward]);
        Assert.Equal(60f, network.FreeFlowKmh[forward]);
        int back = Edge(network, EdgeIds.Hash(20, 10, 0));
        Assert.Equal((20, 10), Ends(network, back));
        Assert.Equal(114.01, network.EdgeLon(back)[0]); // the geometry drawn 10 -> 20 was turned round
        Assert.Equal(network.LengthMetres[forward], network.LengthMetres[back], 9);
        int straight = Edge(network, EdgeIds.Hash(20, 30, 0));
        Assert.Equal(GreatCircle.DistanceMetres(114.01, 22.5, 114.01, 22.51), network.LengthMetres[straight], 9);
        Assert.Equal("福华路", network.NameOf(straight));
        Assert.Equal(1, report.SkippedByHighway["footway"]);
        Assert.Equal(1, report.Notes["geometry_reversed"]);
        Assert.Equal(0, report.TwoWayReverseEdges);
        AssertConsistent(network);
    }

    [Fact]
    public void GeoJson_TwoWayDoubledOnewayKept_NodesFromEndpoints()
    {
        string path = Write(TempFolder(), "roads.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": 41, "properties": {"highway": "secondary", "oneway": "no", "name": "A", "maxspeed": "50"},
               "geometry": {"type": "LineString", "coordinates": [[10.0, 50.0], [10.001, 50.0], [10.002, 50.0]]}},
              {"type": "Feature", "properties": {"highway": "trunk", "oneway": "yes", "lanes": "3"},
               "geometry": {"type": "MultiLineString", "coordinates": [[[10.002, 50.0], [10.003, 50.0]], [[10.003, 50.0], [10.003, 50.001]]]}},
              {"type": "Feature", "properties": {"highway": "cycleway"}, "geometry": {"type": "LineString", "coordinates": [[10.0, 50.0], [10.0, 50.1]]}}
            ]}
            """);

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(4, network.EdgeCount);
        Assert.Equal((1, 2), Ends(network, Edge(network, EdgeIds.Compose(41, 0, false))));
        Assert.Equal((2, 1), Ends(network, Edge(network, EdgeIds.Compose(41, 0, true))));
        int part0 = Edge(network, EdgeIds.Compose(2, 0, false)); // the second feature, by position
        int part1 = Edge(network, EdgeIds.Compose(2, 1, false));
        Assert.Equal((2, 3), Ends(network, part0));
        Assert.Equal((3, 4), Ends(network, part1));
        Assert.Equal(-1, network.FindEdge(EdgeIds.Compose(2, 0, true)));
        Assert.Equal(GreatCircle.DistanceMetres(10.0, 50, 10.001, 50) + GreatCircle.DistanceMetres(10.001, 50, 10.002, 50),
            network.LengthMetres[Edge(network, EdgeIds.Compose(41, 0, false))], 9);
        Assert.Equal(3, network.Lanes[part0]);
        Assert.Equal(RoadClass.Expressway, network.Classes[part0]);
        Assert.Equal(1, report.SkippedByHighway["cycleway"]);
        AssertConsistent(network);
    }

    [Fact]
    public void Csv_QuotedFieldsWithLineBreaks_OneRecordEachInEdgesAndNodes()
    {
        string folder = TempFolder();
        string nodes = Write(folder, "nodes.csv", "node_id,\"note, with comma\",lon,lat\n0,\"first\nnode\",116.0,39.9\n1,plain,116.001,39.9\n");
        string edges = Write(folder, "edges.csv",
            "edge_id,u,v,highway,name,wkt\n" +
            "7,0,1,primary,\"Ring road,\nnorth \"\"side\"\"\",\"LINESTRING (116.0 39.9,\n116.001 39.9)\"\n" +
            "8,1,0,primary,plain,\"LINESTRING (116.001 39.9, 116.0 39.9)\"\n");

        (RoadNetwork network, NetworkImportReport report) = Import(edges, nodes);

        Assert.Equal(2, network.EdgeCount);
        Assert.Equal(2, report.RecordsRead);
        Assert.Equal("Ring road,\nnorth \"side\"", network.NameOf(Edge(network, 7)));
        Assert.Equal("plain", network.NameOf(Edge(network, 8)));
    }

    [Fact]
    public void Csv_UnclosedQuote_FailsNamingTheRecordStartLineAndField()
    {
        string folder = TempFolder();
        string edges = Write(folder, "edges.csv", "edge_id,u,v,name,wkt\n7,0,1,\"open,LINESTRING (0 0, 1 1)\n8,1,0,x,LINESTRING (1 1, 0 0)\n");

        var error = Assert.ThrowsAny<UserInputException>(() => Import(edges));

        Assert.Contains("edges.csv: line 2 (where the record starts; it runs to line 3), field name: malformed quotes", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Equal("name", error.Field);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Csv_RowsAlreadyDirected_NotDoubledAndOnewayMinusOneKept(bool gzip)
    {
        string folder = TempFolder();
        string nodes = Write(folder, "nodes.csv", "node_id,osm_node_id,lon,lat\n0,900,116.0,39.9\n1,901,116.001,39.9\n2,902,116.001,39.901\n");
        string edges = Write(folder, "edges.csv", """
            edge_id,u,v,osm_way_seq,highway,oneway,name,speed_kmh,wkt
            7,0,1,3,primary,0,"Road, with comma",60,"LINESTRING (116.0 39.9, 116.0005 39.9001, 116.001 39.9)"
            8,1,0,3,primary,0,"Road, with comma",60,"LINESTRING (116.001 39.9, 116.0005 39.9001, 116.0 39.9)"
            9,1,2,4,residential,-1,,60,"LINESTRING (116.001 39.9, 116.001 39.901)"
            10,2,0,5,footway,0,,60,"LINESTRING (116.001 39.901, 116.0 39.9)"
            """);
        if (gzip)
        {
            foreach (string file in new[] { nodes, edges })
            {
                using FileStream gz = File.Create(file + ".gz");
                using var zip = new GZipStream(gz, CompressionLevel.Fastest);
                zip.Write(File.ReadAllBytes(file));
            }

            nodes += ".gz";
            edges += ".gz";
        }

        (RoadNetwork network, NetworkImportReport report) = Import(edges, nodes);

        Assert.Equal(3, network.EdgeCount);
        Assert.Equal((0, 1), Ends(network, Edge(network, 7)));
        Assert.Equal((1, 0), Ends(network, Edge(network, 8)));
        Assert.Equal((1, 2), Ends(network, Edge(network, 9)));
        Assert.Equal(3, network.SourceIds[Edge(network, 7)]);
        Assert.Equal("Road, with comma", network.NameOf(Edge(network, 7)));
        Assert.Null(network.NameOf(Edge(network, 9)));
        Assert.Equal(30f, network.FreeFlowKmh[Edge(network, 9)]); // speed_kmh is not maxspeed: class default
        Assert.Equal(GreatCircle.DistanceMetres(116.001, 39.9, 116.001, 39.901), network.LengthMetres[Edge(network, 9)], 9);
        Assert.Equal(1, report.Notes["oneway_minus_one_rows"]);
        Assert.Equal(1, report.SkippedByHighway["footway"]);
        Assert.Equal(3, network.NodeCount);
        AssertConsistent(network);
    }

    [Fact]
    public void Shapefile_ToyGrid_EdgesAsInTheirAttributes()
    {
        string path = SharedData("fmm_example_networks/toy_grid/edges.shp");

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        // FMM's toy grid: 30 directed edges between 17 nodes; each record's x1,y1 -> x2,y2 and source -> target.
        Assert.Equal(30, network.EdgeCount);
        Assert.Equal(17, network.NodeCount);
        using var dbf = new NetTopologySuite.IO.Esri.Dbf.DbfReader(Path.ChangeExtension(path, ".dbf"));
        int checkedEdges = 0;
        foreach (NetTopologySuite.Features.IAttributesTable row in dbf)
        {
            long Long(string field) => Convert.ToInt64(row[field], System.Globalization.CultureInfo.InvariantCulture);
            int e = Edge(network, Long("id"));
            Assert.Equal((Long("source"), Long("target")), Ends(network, e));
            double[] ends = new[] { "x1", "y1", "x2", "y2" }.Select(f => Convert.ToDouble(row[f], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(new[] { ends[0], ends[2] }, new[] { network.EdgeLon(e)[0], network.EdgeLon(e)[^1] });
            Assert.Equal(new[] { ends[1], ends[3] }, new[] { network.EdgeLat(e)[0], network.EdgeLat(e)[^1] });
            Assert.Equal("road", network.HighwayOf(e));
            checkedEdges++;
        }

        Assert.Equal(30, checkedEdges);
        Assert.Equal(30, report.RecordsKept);
        AssertConsistent(network);
    }
}
