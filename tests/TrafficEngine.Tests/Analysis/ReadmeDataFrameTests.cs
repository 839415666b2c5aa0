using System.Runtime.CompilerServices;
using Apache.Arrow;
using Microsoft.Data.Analysis;
using TrafficEngine.Analysis;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;

namespace TrafficEngine.Tests.Analysis;

/// <summary>The README's "For .NET analysts: DataFrame" example, run as written on files the engine's writers made.</summary>
public sealed class ReadmeDataFrameTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-readme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadmeExample_RunsOnPipelineFiles_AndIsTheReadmeCode()
    {
        RoadNetwork grid = EngineFileFramesTests.Grid;
        RecordBatch written = EngineFileFramesTests.Traversals([(0, 6, 18.0, 0), (3, 7, 45.0, 0), (0, 5, 25.0, 1), (5, 2, 30.0, 1)]);
        RoadNetworkFile.Write(grid, Path.Combine(_folder, "network.arrow"));
        ArrowFiles.Write(Path.Combine(_folder, "traversals.arrow"), written.Schema, [written]);
        CongestionPublisher.Publish(CongestionAnalyzer.Analyze(grid, [written], new CongestionOptions()), Path.Combine(_folder, "congestion"));

        string folder = _folder;
        // README.md, "For .NET analysts: DataFrame", from here:
        DataFrame speeds = ResultFrames.Open(Path.Combine(folder, "congestion", "segment_speeds.arrow"));
        DataFrame published = speeds.Filter(speeds["low_sample"].ElementwiseEquals(false)).OrderBy("speed_kmh");

        RoadNetwork network = RoadNetworkFile.Read(Path.Combine(folder, "network.arrow"));
        (_, List<RecordBatch> traversals) = ArrowFiles.ReadAll(Path.Combine(folder, "traversals.arrow"));
        CongestionResult result = CongestionAnalyzer.Analyze(network, traversals, new CongestionOptions());
        DataFrame city = result.City.ToDataFrame();             // group, bin_start (UTC), tpi, level ("light"), tti, ...
        DataFrame worst = city.OrderByDescending("tpi");
        GroupIndexTable back = GroupIndexTable.FromDataFrame(city); // the same arrays again
        // to here.

        Assert.Equal(result.Speeds.Count, speeds.Rows.Count);
        Assert.Equal(3, published.Rows.Count); // edge 5's cell has two vehicles: low-sample
        Assert.Equal(Enumerable.Range(0, result.Speeds.Count).Where(c => !result.Indices.LowSample[c]).Min(result.Speeds.SpeedKmh), (double)published["speed_kmh"][0]!);
        Assert.Equal(2, city.Rows.Count); // 08:00 and 08:15
        Assert.Equal(result.City.Tpi.Max(), (double)worst["tpi"][0]!);
        Assert.Equal(result.City.BinStartMs, back.BinStartMs);
        Assert.Equal(result.City.Tpi, back.Tpi);
        Assert.Equal(result.City.Levels, back.Levels);
        Assert.Equal(result.City.Traversals, back.Traversals);
        Assert.Equal(CongestionLevels.Code(result.City.Levels[0]), city["level"][0]);
    }

    [Fact]
    public void ReadmeExample_EveryLineOfTheReadmeBlockIsInThisTest()
    {
        string[] block = ReadmeBlock("## For .NET analysts: DataFrame");
        string source = File.ReadAllText(ThisFile());

        Assert.Contains(block, l => l.Contains("ResultFrames.Open", StringComparison.Ordinal));
        Assert.Contains(block, l => l.Contains("result.City.ToDataFrame()", StringComparison.Ordinal));
        foreach (string line in block.Where(l => l.Length > 0 && l != "string folder = \"out\";"))
        {
            Assert.Contains(line, source, StringComparison.Ordinal);
        }
    }

    private static string[] ReadmeBlock(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "README.md"));
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section " + heading);
        int open = readme.IndexOf("```csharp\n", start, StringComparison.Ordinal) + "```csharp\n".Length;
        int close = readme.IndexOf("```", open, StringComparison.Ordinal);
        return [.. readme[open..close].Split('\n').Select(l => l.Trim())];
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
