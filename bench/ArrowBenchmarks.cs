using BenchmarkDotNet.Attributes;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace Bench;

/// <summary>
/// Writing and reading one 10M-row batch (timestamps, lon/lat, ids, a utf8 column) in the Arrow IPC file format,
/// against a plain copy of the same number of bytes as the baseline.
/// </summary>
[MemoryDiagnoser]
public class ArrowBenchmarks : IDisposable
{
    private const int Rows = 10_000_000;

    private Batch _batch = null!;
    private Schema _schema = null!;
    private byte[] _file = [];
    private byte[] _copySource = [];
    private byte[] _copyTarget = [];
    private MemoryStream _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = new Schema(
        [
            new Field("timestampMs", DataType.TimestampMsUtc, nullable: false),
            new Field("lon", DataType.Float64, nullable: false),
            new Field("lat", DataType.Float64, nullable: false),
            new Field("vehicleId", DataType.Int32, nullable: false),
            new Field("plate", DataType.Utf8),
        ]);
        var time = new ColumnBuilder<long>(DataType.TimestampMsUtc, Rows);
        var lon = new ColumnBuilder<double>(DataType.Float64, Rows);
        var lat = new ColumnBuilder<double>(DataType.Float64, Rows);
        var id = new ColumnBuilder<int>(DataType.Int32, Rows);
        var plate = new StringColumnBuilder(Rows * 8);
        var random = new Random(42);
        for (int i = 0; i < Rows; i++)
        {
            time.Append(1_700_000_000_000L + (i * 10L));
            lon.Append(16.3 + (random.NextDouble() * 0.1));
            lat.Append(48.2 + (random.NextDouble() * 0.1));
            id.Append(i % 5000);
            plate.Append(i % 97 == 0 ? null : $"W-{i % 100_000:D5}");
        }

        _batch = new Batch(_schema, [time.Build(), lon.Build(), lat.Build(), id.Build(), plate.Build()]);
        _output = new MemoryStream();
        WriteFile();
        _file = _output.ToArray();
        _copySource = new byte[_file.Length];
        _copyTarget = new byte[_file.Length];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _output?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void CopyBaseline() => _copySource.AsSpan().CopyTo(_copyTarget);

    [Benchmark]
    public long WriteFile()
    {
        _output.Position = 0;
        using (var writer = new ArrowFileWriter(_output, _schema, leaveOpen: true))
        {
            writer.WriteBatch(_batch);
        }

        return _output.Position;
    }

    [Benchmark]
    public int ReadFile()
    {
        using var reader = new ArrowFileReader(new MemoryStream(_file, writable: false));
        return reader.ReadBatch(0).Length;
    }
}
