using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;

namespace TrafficEngine.Tests.Geo;

/// <summary>Temporary fixture files, the shared datasets and consistency checks for the network import tests.</summary>
internal static class NetworkTestSupport
{
    public static string TempFolder() => Directory.CreateTempSubdirectory("network-import-").FullName;

    public static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public static (RoadNetwork Network, NetworkImportReport Report) Import(string input, string? nodes = null, bool includeService = false, NetworkFormat? format = null) =>
        NetworkImporter.Import(new NetworkImportOptions { Input = input, Nodes = nodes, IncludeService = includeService, Format = format });

    /// <summary>A file under ../shared/data from the folder holding Traffic.sln; fails loudly when missing.</summary>
    public static string SharedData(string relative)
    {
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Traffic.sln")))
        {
            folder = folder.Parent;
        }

        Assert.True(folder is not null, $"Traffic.sln not found above {AppContext.BaseDirectory}.");
        string path = Path.GetFullPath(Path.Combine(folder!.FullName, "..", "shared", "data", relative));
        Assert.True(File.Exists(path), $"The shared dataset file is missing at {path}; this test must not be skipped.");
        return path;
    }

    /// <summary>The index of the edge with this id; fails when absent.</summary>
    public static int Edge(RoadNetwork network, long edgeId)
    {
        int e = network.FindEdge(edgeId);
        Assert.True(e >= 0, $"Edge {edgeId} is missing.");
        return e;
    }

    public static (long From, long To) Ends(RoadNetwork network, int edge) =>
        (network.NodeIds[network.EdgeFrom[edge]], network.NodeIds[network.EdgeTo[edge]]);

    /// <summary>
    /// Every edge's from/to agree with the CSR (out-edges of its start node, in-edges of its end node), geometry
    /// starts and ends at its nodes, and lengths are the geometry's.
    /// </summary>
    public static void AssertConsistent(RoadNetwork network)
    {
        ReadOnlySpan<int> outOffsets = network.OutOffsets, inOffsets = network.InOffsets, inEdges = network.InEdges;
        Assert.Equal(network.NodeCount + 1, outOffsets.Length);
        Assert.Equal(network.EdgeCount, outOffsets[^1]);
        for (int n = 0; n < network.NodeCount; n++)
        {
            Assert.True(outOffsets[n + 1] > outOffsets[n] || inOffsets[n + 1] > inOffsets[n], $"Node {network.NodeIds[n]} has no edges.");
            for (int e = outOffsets[n]; e < outOffsets[n + 1]; e++)
            {
                Assert.Equal(n, network.EdgeFrom[e]);
            }

            for (int i = inOffsets[n]; i < inOffsets[n + 1]; i++)
            {
                Assert.Equal(n, network.EdgeTo[inEdges[i]]);
            }
        }

        for (int e = 0; e < network.EdgeCount; e++)
        {
            ReadOnlySpan<double> lon = network.EdgeLon(e), lat = network.EdgeLat(e);
            Assert.True(lon.Length >= 2);
            Assert.True(GreatCircle.DistanceMetres(lon[0], lat[0], network.NodeLon[network.EdgeFrom[e]], network.NodeLat[network.EdgeFrom[e]]) < 1.0,
                $"Edge {network.EdgeIds[e]} does not start at its node.");
            Assert.True(GreatCircle.DistanceMetres(lon[^1], lat[^1], network.NodeLon[network.EdgeTo[e]], network.NodeLat[network.EdgeTo[e]]) < 1.0,
                $"Edge {network.EdgeIds[e]} does not end at its node.");
            Assert.Equal(RoadNetworkBuilder.MeasureMetres(lon, lat), network.LengthMetres[e], 6);
        }
    }

    /// <summary>Both networks hold the same nodes, edges, attributes and geometry, in the same order.</summary>
    public static void AssertSameNetwork(RoadNetwork expected, RoadNetwork actual)
    {
        Assert.Equal(expected.NodeIds.ToArray(), actual.NodeIds.ToArray());
        Assert.Equal(expected.NodeLon.ToArray(), actual.NodeLon.ToArray());
        Assert.Equal(expected.NodeLat.ToArray(), actual.NodeLat.ToArray());
        Assert.Equal(expected.EdgeIds.ToArray(), actual.EdgeIds.ToArray());
        Assert.Equal(expected.SourceIds.ToArray(), actual.SourceIds.ToArray());
        Assert.Equal(expected.EdgeFrom.ToArray(), actual.EdgeFrom.ToArray());
        Assert.Equal(expected.EdgeTo.ToArray(), actual.EdgeTo.ToArray());
        Assert.Equal(expected.LengthMetres.ToArray(), actual.LengthMetres.ToArray());
        Assert.Equal(expected.FreeFlowKmh.ToArray(), actual.FreeFlowKmh.ToArray());
        Assert.Equal(expected.Classes.ToArray(), actual.Classes.ToArray());
        Assert.Equal(expected.Lanes.ToArray(), actual.Lanes.ToArray());
        Assert.Equal(expected.GeometryOffsets.ToArray(), actual.GeometryOffsets.ToArray());
        Assert.Equal(expected.GeometryLon.ToArray(), actual.GeometryLon.ToArray());
        Assert.Equal(expected.GeometryLat.ToArray(), actual.GeometryLat.ToArray());
        Assert.Equal(expected.OutOffsets.ToArray(), actual.OutOffsets.ToArray());
        Assert.Equal(expected.InEdges.ToArray(), actual.InEdges.ToArray());
        for (int e = 0; e < expected.EdgeCount; e++)
        {
            Assert.Equal(expected.HighwayOf(e), actual.HighwayOf(e));
            Assert.Equal(expected.NameOf(e), actual.NameOf(e));
        }

        foreach (KeyValuePair<string, string> pair in expected.Metadata)
        {
            Assert.Equal(pair.Value, actual.Metadata[pair.Key]);
        }
    }
}
