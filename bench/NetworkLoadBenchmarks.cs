using BenchmarkDotNet.Attributes;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;

namespace Bench;

/// <summary>
/// Loading the Beijing road network (44,946 directed edges) from its Arrow file with <see cref="RoadNetworkFile.Read"/>,
/// against reading the same file's bytes (the baseline) and against importing it again from the edge and node CSV.
/// </summary>
[MemoryDiagnoser]
public class NetworkLoadBenchmarks
{
    private string _folder = "";
    private string _arrow = "";
    private string _edges = "";
    private string _nodes = "";

    [GlobalSetup]
    public void Setup()
    {
        _edges = BenchData.SharedFile("osm_beijing_road_network/edges.csv");
        _nodes = BenchData.SharedFile("osm_beijing_road_network/nodes.csv");
        _folder = Directory.CreateTempSubdirectory("network-bench-").FullName;
        _arrow = Path.Combine(_folder, "beijing.arrow");
        (RoadNetwork network, _) = NetworkImporter.Import(new NetworkImportOptions { Input = _edges, Nodes = _nodes });
        RoadNetworkFile.Write(network, _arrow);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public long ReadFileBytes() => File.ReadAllBytes(_arrow).LongLength;

    [Benchmark]
    public int LoadArrow() => RoadNetworkFile.Read(_arrow).EdgeCount;

    [Benchmark]
    public int ImportCsv() => NetworkImporter.Import(new NetworkImportOptions { Input = _edges, Nodes = _nodes }).Network.EdgeCount;
}
