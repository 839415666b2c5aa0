using System.Globalization;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.IO;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

public sealed class AreasAndCorridorsTests : IDisposable
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 5, spacingMetres: 200);
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-areas-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Corridors_NamedRoadEastbound_OrderedEdgesOfThatRowHeadingEast()
    {
        string path = Write("corridors.csv", "corridor,road_name,direction\nrow2 east,Row 2,eastbound\nrow2 west,Row 2,w\n");

        Corridors corridors = Corridors.Read(path, Grid);

        Assert.Equal(["row2 east", "row2 west"], corridors.Names);
        int[] east = corridors.Edges[corridors.Offsets[0]..corridors.Offsets[1]];
        Assert.Equal(4, east.Length);
        for (int i = 0; i < east.Length; i++)
        {
            Assert.Equal("Row 2", Grid.NameOf(east[i]));
            Assert.True(Grid.EdgeLon(east[i])[^1] > Grid.EdgeLon(east[i])[0]);
            if (i > 0)
            {
                Assert.Equal(Grid.EdgeTo[east[i - 1]], Grid.EdgeFrom[east[i]]);
            }
        }

        int[] west = corridors.Edges[corridors.Offsets[1]..corridors.Offsets[2]];
        Assert.Equal(4, west.Length);
        Assert.Equal(Grid.EdgeTo[west[0]], Grid.EdgeFrom[west[1]]);
    }

    [Fact]
    public void Corridors_EdgeList_KeepsTheGivenOrder()
    {
        long a = Grid.EdgeIds[3], b = Grid.EdgeIds[1];
        string path = Write("corridors.csv", string.Create(CultureInfo.InvariantCulture, $"corridor,edge_id\nc1,{a}\nc1,{b}\n"));

        Corridors corridors = Corridors.Read(path, Grid);

        Assert.Equal([3, 1], corridors.Edges);
    }

    [Fact]
    public void Corridors_QuotedNamesWithCommasAndLineBreaks_ReadAsOneField()
    {
        long a = Grid.EdgeIds[3], b = Grid.EdgeIds[1];
        string path = Write("quoted.csv", string.Create(CultureInfo.InvariantCulture,
            $"corridor,edge_id\n\"Ring 2, inner\",{a}\n\"Ring 2, inner\",{b}\r\n\"Line\nbreak \"\"road\"\"\",{a}\n"));

        Corridors corridors = Corridors.Read(path, Grid);

        Assert.Equal(["Ring 2, inner", "Line\nbreak \"road\""], corridors.Names);
        Assert.Equal([0, 2, 3], corridors.Offsets);
        Assert.Equal([3, 1, 3], corridors.Edges);
    }

    [Theory]
    [InlineData("corridor,edge_id\nc1,999999\n", "line 2, field edge_id: edge 999999 is not in the network")]
    [InlineData("corridor,edge_id\nc1,abc\n", "line 2, field edge_id")]
    [InlineData("name,edge\nc1,1\n", "line 1")]
    [InlineData("corridor,road_name,direction\nc,Nowhere Road,e\n", "no edge is named \"Nowhere Road\"")]
    [InlineData("corridor,road_name,direction\nc,Row 1,up\n", "field direction")]
    [InlineData("corridor,edge_id\n\"a\nb\",x\n", "line 2 (where the record starts; it runs to line 3), field edge_id")]
    [InlineData("corridor,edge_id\nc1,1,2\n", "line 2: 3 fields, the header has 2")]
    [InlineData("corridor,edge_id\n\"c1,1\nc2,2\n", "line 2 (where the record starts; it runs to line 3), field corridor: malformed quotes")]
    [InlineData("corridor,edge_id\n", "no corridors")]
    public void Corridors_BadInput_NamesLineAndField(string text, string expected)
    {
        string path = Write("bad.csv", text);

        var error = Assert.Throws<UserInputException>(() => Corridors.Read(path, Grid));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Areas_EdgesAssignedByTheirMidpoint()
    {
        // West half of the grid (columns 0-1 and half of the 1-2 streets' length) as one area, a far-away square as another.
        double dLon = 200 / (GreatCircle.EarthRadiusMetres * Math.PI / 180.0) / Math.Cos(GridNetwork.OriginLat * Math.PI / 180.0);
        double split = GridNetwork.OriginLon + (1.5 * dLon) + 1e-7;
        string json = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"name":"West"},"geometry":{"type":"Polygon","coordinates":[[[116.3,39.8],[{{{split}}},39.8],[{{{split}}},40.0],[116.3,40.0],[116.3,39.8]]]}},
             {"type":"Feature","properties":{"NAME":"Far"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}}
            ]}
            """);
        string path = Write("areas.geojson", json);

        AreaPolygons areas = AreaPolygons.Read(path);
        (int[] offsets, int[] members) = areas.AssignEdges(Grid);

        Assert.Equal(["West", "Far"], areas.Names);
        for (int e = 0; e < Grid.EdgeCount; e++)
        {
            (double lon, _) = Grid.PointAlong(e, Grid.LengthMetres[e] / 2);
            bool west = lon < split;
            Assert.Equal(west ? 1 : 0, offsets[e + 1] - offsets[e]);
            if (west)
            {
                Assert.Equal(0, members[offsets[e]]);
            }
        }
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}", "feature 0: geometry type \"Point\"")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", "no features")]
    [InlineData("{\"type\":\"FeatureCollection\",", "not valid JSON")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"x\"],[1,1],[0,0]]]}}]}", "feature 0: a position")]
    public void Areas_BadInput_NamesFileAndFeature(string json, string expected)
    {
        string path = Write("areas.geojson", json);

        var error = Assert.Throws<UserInputException>(() => AreaPolygons.Read(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
