using System.Globalization;
using BenchmarkDotNet.Attributes;
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
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Traffic.sln")))
        {
            folder = folder.Parent;
        }

        _path = Path.GetFullPath(Path.Combine(folder?.FullName ?? ".", "..", "shared", "data", "tdrive_beijing_taxi", "tdrive_taxi_mod12eq0_2008-02-02_to_05.csv"));
        _options = new ProbeIngestOptions
        {
            Inputs = [_path],
            Format = ProbeFormat.TDrive,
            BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1"),
            Pseudonymizer = new Pseudonymizer(new PseudonymKey(new byte[32])),
        };
    }

    [Benchmark(Baseline = true)]
    public double NaiveReadLineSplitParse()
    {
        double checksum = 0;
        foreach (string line in File.ReadLines(_path))
        {
            string[] f = line.Split(',');
            checksum += double.Parse(f[2], CultureInfo.InvariantCulture) + double.Parse(f[3], CultureInfo.InvariantCulture)
                + DateTime.ParseExact(f[1], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).Ticks;
        }

        return checksum;
    }

    /// <summary>The read phase alone: parse, check and partition every row (no sort, clean or output).</summary>
    [Benchmark]
    public long ReadPhase()
    {
        string temp = Path.Combine(Path.GetTempPath(), "traffic-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var store = new PartitionStore(temp, long.MaxValue, new FileInfo(_path).Length / 40);
            var reader = new ProbeFileReader(_options, new VehicleTable(_options.Pseudonymizer!), store, null, null, 0);
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
