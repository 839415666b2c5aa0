using System.Text.Json;
using TrafficEngine.Geo;

namespace Jobs.Tests;

public sealed class NetworkImportCommandTests
{
    private static string SharedData(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(CliRunner.RepositoryRoot(), "..", "shared", "data", relative));
        Assert.True(File.Exists(path), $"The shared dataset file is missing at {path}; this test must not be skipped.");
        return path;
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public void Import_Compressed_SmallerAndReadsBackEqual(string compression)
    {
        using var temp = new TempFolder();
        string input = SharedData("osm_shenzhen_futian_graph/G.graphml");

        (int plainExit, _, string plainError) = CliRunner.Run(temp.Path, "network", "import", "--input", input, "--out", "plain.arrow");
        (int exit, _, string error) = CliRunner.Run(temp.Path, "network", "import", "--input", input, "--out", "packed.arrow", "--compression", compression);

        Assert.True(plainExit == 0, plainError);
        Assert.True(exit == 0, error);
        Assert.True(new FileInfo(temp.File("packed.arrow")).Length < new FileInfo(temp.File("plain.arrow")).Length * 0.8);
        RoadNetwork plain = RoadNetworkFile.Read(temp.File("plain.arrow")), packed = RoadNetworkFile.Read(temp.File("packed.arrow"));
        Assert.Equal(plain.EdgeIds.ToArray(), packed.EdgeIds.ToArray());
        Assert.Equal(plain.GeometryLon.ToArray(), packed.GeometryLon.ToArray());
        Assert.Equal(plain.LengthMetres.ToArray(), packed.LengthMetres.ToArray());
    }

    [Fact]
    public void Import_UnknownCompression_OneLineUserError()
    {
        using var temp = new TempFolder();
        (int exit, _, string error) = CliRunner.Run(temp.Path, "network", "import",
            "--input", SharedData("osm_shenzhen_futian_graph/G.graphml"), "--out", "n.arrow", "--compression", "gzip");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown Arrow compression 'gzip': use none, lz4 or zstd.", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(temp.File("n.arrow")));
    }

    [Fact]
    public void Import_ShenzhenGraphMl_WritesNetworkAndSummary()
    {
        using var temp = new TempFolder();

        (int exit, string output, string error) = CliRunner.Run(temp.Path, "network", "import",
            "--input", SharedData("osm_shenzhen_futian_graph/G.graphml"), "--out", "net/shenzhen.arrow");

        Assert.True(exit == 0, error);
        Assert.Contains("directed edges", output, StringComparison.Ordinal);
        Assert.Contains("footway", output, StringComparison.Ordinal);
        RoadNetwork network = RoadNetworkFile.Read(temp.File("net/shenzhen.arrow"));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(temp.File("net/shenzhen.summary.json")));
        Assert.Equal(network.EdgeCount, summary.RootElement.GetProperty("edges").GetInt32());
        Assert.Equal(network.NodeCount, summary.RootElement.GetProperty("nodes").GetInt32());
        Assert.Equal(2_223, network.EdgeCount);
        Assert.Equal(726, summary.RootElement.GetProperty("skipped_by_highway").GetProperty("footway").GetInt64());
        Assert.Equal("graphml", network.Metadata["traffic.network.format"]);
        Assert.Equal("false", network.Metadata["traffic.network.include_service"]);
    }

    [Fact]
    public void Import_BeijingCsvWithServiceAndFormatOption_KeepsServiceRoads()
    {
        using var temp = new TempFolder();

        (int exit, _, string error) = CliRunner.Run(temp.Path, "network", "import",
            "--input", SharedData("osm_beijing_road_network/edges.csv"), "--nodes", SharedData("osm_beijing_road_network/nodes.csv"),
            "--format", "csv", "--include-service", "--out", "beijing.arrow");

        Assert.True(exit == 0, error);
        RoadNetwork network = RoadNetworkFile.Read(temp.File("beijing.arrow"));
        Assert.Equal(51_148, network.EdgeCount);
        Assert.Equal("true", network.Metadata["traffic.network.include_service"]);
    }

    [Theory]
    [InlineData("missing.osm", null, "missing.osm")]
    [InlineData("roads.txt", null, "--format")]
    [InlineData("edges.csv", "gpx", "Unknown network format 'gpx'")]
    [InlineData("empty.csv", null, "empty")]
    public void Import_UserError_OneLineAndExitCode1(string input, string? format, string mentioned)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("roads.txt"), "x");
        File.WriteAllText(temp.File("edges.csv"), "u,v,wkt\n");
        File.WriteAllText(temp.File("empty.csv"), "");
        var args = new List<string> { "network", "import", "--input", input, "--out", "n.arrow" };
        if (format is not null)
        {
            args.AddRange(["--format", format]);
        }

        (int exit, _, string error) = CliRunner.Run(temp.Path, [.. args]);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("n.arrow")));
    }

    [Fact]
    public void Import_NodesWithoutCsv_OneLineError()
    {
        using var temp = new TempFolder();

        (int exit, _, string error) = CliRunner.Run(temp.Path, "network", "import",
            "--input", SharedData("osm_shenzhen_futian_graph/G.graphml"), "--nodes", "nodes.csv", "--out", "n.arrow");

        Assert.Equal(1, exit);
        Assert.Contains("--nodes", error, StringComparison.Ordinal);
    }
}
