using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.IO;
using TrafficEngine.Ingest;
using static TrafficEngine.Tests.Geo.NetworkTestSupport;

namespace TrafficEngine.Tests.Geo;

/// <summary>Bad input: counted and named (file, line or feature, field) or failed with one clear message; never a crash.</summary>
public sealed class NetworkBadInputTests
{
    private const string Nodes = "node_id,lon,lat\n1,116.0,39.9\n2,116.001,39.9\n3,116.002,39.9\n";

    [Theory]
    [InlineData("\"LINESTRING (116.0 39.9, 116.001)\"", "point 2 has no y ordinate")]
    [InlineData("\"LINESTRING (116.0 39.9)\"", "1 point(s)")]
    [InlineData("\"LINESTRING (116.0 39.9, NaN 39.9)\"", "not a WGS-84 lon/lat")]
    [InlineData("\"POINT (116.0 39.9)\"", "not a LINESTRING")]
    [InlineData("\"LINESTRING (116.0 39.9, 116.001 39.9\"", "missing ')'")]
    [InlineData("", "empty geometry")]
    public void Csv_BrokenGeometry_RejectedWithFileLineAndField(string wkt, string reason)
    {
        string folder = TempFolder();
        string edges = Write(folder, "edges.csv", $"edge_id,u,v,highway,wkt\n1,1,2,primary,\"LINESTRING (116.0 39.9, 116.001 39.9)\"\n2,2,3,primary,{wkt}\n");

        (RoadNetwork network, NetworkImportReport report) = Import(edges);

        Assert.Equal(1, network.EdgeCount);
        Assert.Equal(1, report.RejectedCount(ImportSink.BadGeometry));
        string warning = Assert.Single(report.Warnings);
        Assert.Contains("edges.csv: line 3, field 'wkt'", warning, StringComparison.Ordinal);
        Assert.Contains(reason, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_SomeNodesDangling_CountedAndSkipped()
    {
        string folder = TempFolder();
        string nodes = Write(folder, "nodes.csv", Nodes);
        string edges = Write(folder, "edges.csv", "edge_id,u,v,highway,wkt\n1,1,2,primary,\n2,2,99,primary,\n3,98,97,primary,\n");

        (RoadNetwork network, NetworkImportReport report) = Import(edges, nodes);

        Assert.Equal(1, network.EdgeCount);
        Assert.Equal(3, report.DanglingNodeRefs);
        Assert.Equal(2, report.RejectedCount(ImportSink.DanglingNode));
        Assert.Contains(report.Warnings, w => w.Contains("line 3, field 'v': node 99 is not in the node file", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_AllNodesDangling_FailsNamingTheNodeFile()
    {
        string folder = TempFolder();
        string nodes = Write(folder, "nodes.csv", Nodes);
        string edges = Write(folder, "edges.csv", "edge_id,u,v,highway,wkt\n1,10,20,primary,\n2,20,30,primary,\n");

        var error = Assert.ThrowsAny<UserInputException>(() => Import(edges, nodes));

        Assert.Contains("every edge refers to nodes the node file does not define (4 dangling references)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge_id,v,highway,wkt", "required column u (start node) is missing")]
    [InlineData("edge_id,u,v,highway", "required column wkt (geometry) is missing")]
    public void Csv_MissingRequiredColumn_FailsWithHeaderLine(string header, string message)
    {
        string edges = Write(TempFolder(), "edges.csv", header + "\n1,2,3,4\n");

        var error = Assert.ThrowsAny<UserInputException>(() => Import(edges));

        Assert.Contains("edges.csv: line 1 (header): " + message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("edges.csv", "", "the file is empty")]
    [InlineData("edges.csv", "edge_id,u,v,highway,wkt\n", "no road records (empty input)")]
    [InlineData("roads.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}", "no road records (empty input)")]
    [InlineData("city.osm", "<?xml version=\"1.0\"?><osm version=\"0.6\"></osm>", "no road records (empty input)")]
    [InlineData("city.osm", "", "not well-formed XML")]
    [InlineData("g.graphml", "<graphml><graph edgedefault=\"directed\"></graph></graphml>", "no road records (empty input)")]
    public void Import_EmptyInput_FailsClearly(string name, string text, string message)
    {
        string path = Write(TempFolder(), name, text);

        var error = Assert.ThrowsAny<UserInputException>(() => Import(path));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeoJson_BadFeatures_RejectedNamingTheFeature()
    {
        string path = Write(TempFolder(), "roads.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [1.1, 2.0]]}},
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "Point", "coordinates": [1.0, 2.0]}},
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], ["a", 2.0]]}},
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0]]}}
            ]}
            """);

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(2, network.EdgeCount);
        Assert.Equal(3, report.RejectedCount(ImportSink.BadGeometry));
        Assert.Contains(report.Warnings, w => w.Contains("feature 2, field 'geometry': geometry type 'Point'", StringComparison.Ordinal));
        // Feature 3 and 4 are refused by the GeoJSON library itself; its reason is kept, the place is the engine's.
        Assert.Contains(report.Warnings, w => w.Contains("roads.geojson: feature 3, field 'geometry': Expected token is 'Number' but was 'String'", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("roads.geojson: feature 4, field 'geometry': Invalid number of points in LineString (found 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Osm_WayThroughMissingNode_PieceRejectedAsDangling()
    {
        string path = Write(TempFolder(), "clip.osm", """
            <osm version="0.6">
              <node id="1" lat="40.0" lon="116.00"/><node id="2" lat="40.0" lon="116.01"/><node id="4" lat="40.0" lon="116.03"/>
              <node id="5" lat="40.01" lon="116.01"/>
              <way id="7"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/></way>
              <way id="8"><nd ref="2"/><nd ref="5"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/></way>
            </osm>
            """);

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(2, network.EdgeCount); // 1 -> 2 and 2 -> 5; the piece 2-3-4 lacks node 3
        Assert.Equal(1, report.DanglingNodeRefs);
        Assert.Contains(report.Warnings, w => w.Contains("line 4 (way 7, piece 1), field 'nd': node 3 is not in the file", StringComparison.Ordinal));
    }

    [Fact]
    public void Shapefile_ProjectedPrj_FailsNamingTheSystem()
    {
        string folder = CopyToyGrid();
        File.WriteAllText(Path.Combine(folder, "edges.prj"),
            "PROJCS[\"SWEREF99_TM\",GEOGCS[\"GCS_SWEREF99\",DATUM[\"D_SWEREF99\",SPHEROID[\"GRS_1980\",6378137.0,298.257222101]]],PROJECTION[\"Transverse_Mercator\"]]");

        var error = Assert.ThrowsAny<UserInputException>(() => Import(Path.Combine(folder, "edges.shp")));

        Assert.Contains("projected system 'SWEREF99_TM'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapefile_WebMercatorPrj_Reprojected()
    {
        string folder = CopyToyGrid();
        File.WriteAllText(Path.Combine(folder, "edges.prj"),
            "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\"],PROJECTION[\"Mercator_Auxiliary_Sphere\"]]");

        (RoadNetwork network, NetworkImportReport report) = Import(Path.Combine(folder, "edges.shp"));

        // Toy coordinates 0..4 read as metres: a few hundred-thousandths of a degree from 0,0.
        Assert.Equal(1, report.Notes["reprojected_from_web_mercator"]);
        Assert.All(network.GeometryLon.ToArray(), lon => Assert.InRange(lon, 0, 4.0 / 111_000));
        Assert.Equal((4.0 / 6378137.0) * (180 / Math.PI), network.GeometryLon.ToArray().Max(), 12);
    }

    [Fact]
    public void Shapefile_MissingDbf_FailsClearly()
    {
        string folder = CopyToyGrid();
        File.Delete(Path.Combine(folder, "edges.dbf"));

        var error = Assert.ThrowsAny<UserInputException>(() => Import(Path.Combine(folder, "edges.shp")));

        Assert.Contains("edges.dbf is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnknownExtension_AsksForFormat()
    {
        string path = Write(TempFolder(), "roads.txt", "x");

        var error = Assert.Throws<UserInputException>(() => Import(path));

        Assert.Contains("--format", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.File);
    }

    private static string CopyToyGrid()
    {
        string folder = TempFolder();
        string source = Path.GetDirectoryName(SharedData("fmm_example_networks/toy_grid/edges.shp"))!;
        foreach (string extension in new[] { ".shp", ".dbf", ".prj", ".cpg", ".shx" })
        {
            File.Copy(Path.Combine(source, "edges" + extension), Path.Combine(folder, "edges" + extension));
            File.SetAttributes(Path.Combine(folder, "edges" + extension), FileAttributes.Normal);
        }

        return folder;
    }
}
