using BenchmarkDotNet.Attributes;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace Bench;

/// <summary>
/// Probe ingest of the real T-Drive development file against a naive ReadLines/Split/double.Parse baseline.
/// Run: dotnet run -c Release --project bench -- --filter *IngestBenchmarks*
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private string _path = "";
    private ProbeIngestOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchData.TDriveFile();
        _options = new ProbeIngestOptions
        {
            Inputs = [_path],
            Format = ProbeFormat.TDrive,
            BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1"),
            Pseudonymizer = new Pseudonymizer(new PseudonymKey(new byte[32])),
        };
    }

    [Benchmark(Baseline = true)]
    public int NaiveReadLineSplitParse() => NaiveProbeParser.Parse(_path).Count;

    /// <summary>The read phase alone: parse, check and partition every row (no sort, clean or output).</summary>
    [Benchmark]
    public long ReadPhase()
    {
        string temp = Path.Combine(Path.GetTempPath(), "traffic-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var vehicles = new VehicleTable(_options.Pseudonymizer!);
            var store = new PartitionStore(temp, long.MaxValue, new FileInfo(_path).Length / 40, vehicles.Partition, optionalColumns: false);
            var reader = new ProbeFileReader(_options, vehicles, store, null, null, 0);
            reader.ReadFile(_path, 0, CancellationToken.None);
            return reader.RowsRead;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Benchmark]
    public long Ingest() => ProbeIngestAnalyzer.Run(_options, schema => new MemoryBatchSink(schema)).RowsKept;
}
