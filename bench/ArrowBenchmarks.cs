using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace Bench;

/// <summary>
/// Writing and reading one 10M-row batch (timestamps, lon/lat, ids, a utf8 column) in the Arrow IPC file format,
/// against a plain copy of the same number of bytes as the baseline. The file is read from disk with the page
/// cache warm (memory-mapped by <see cref="ArrowFileReader.Open"/>) and from a byte[] stream.
/// </summary>
[MemoryDiagnoser]
public class ArrowBenchmarks : IDisposable
{
    private const int Rows = 10_000_000;
    private const int PageSize = 4096;

    private Batch _batch = null!;
    private Schema _schema = null!;
    private byte[] _file = [];
    private byte[] _copySource = [];
    private byte[] _copyTarget = [];
    private MemoryStream _output = null!;
    private string _path = "";

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
        _copySource = _file.ToArray();
        _copyTarget = new byte[_file.Length];
        _path = Path.Combine(Path.GetTempPath(), $"arrow-bench-{Environment.ProcessId}.arrow");
        File.WriteAllBytes(_path, _file);
        _ = File.ReadAllBytes(_path); // warm the page cache
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _output?.Dispose();
        if (_path.Length > 0)
        {
            File.Delete(_path);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A plain memory copy of the file's bytes between two arrays already in memory.</summary>
    [Benchmark(Baseline = true)]
    public void CopyBaseline() => _copySource.AsSpan().CopyTo(_copyTarget);

    /// <summary>The file's bytes copied from the page cache into a buffer already in memory (read(2)).</summary>
    [Benchmark]
    public long CopyFileIntoBuffer()
    {
        using SafeFileHandle handle = File.OpenHandle(_path);
        long read = 0;
        while (read < _copyTarget.Length)
        {
            int n = RandomAccess.Read(handle, _copyTarget.AsSpan((int)read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

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

    /// <summary>Open (memory-map) the file on disk and read the batch: metadata, validation, columns over the mapping.</summary>
    [Benchmark]
    public int ReadFileMapped()
    {
        using ArrowFileReader reader = ArrowFileReader.Open(_path);
        return reader.ReadBatch(0).Length;
    }

    /// <summary>As <see cref="ReadFileMapped"/>, then one byte of every page of every buffer, so every page is faulted in.</summary>
    [Benchmark]
    public int ReadFileMappedTouchEveryPage()
    {
        using ArrowFileReader reader = ArrowFileReader.Open(_path);
        Batch batch = reader.ReadBatch(0);
        int sum = 0;
        foreach (Column column in batch.Columns)
        {
            sum += column switch
            {
                StringColumn strings => Touch(strings.OffsetsBuffer) + Touch(strings.DataBuffer) + Touch(strings.Validity),
                Column<long> longs => Touch(longs.ValuesBuffer),
                Column<double> doubles => Touch(doubles.ValuesBuffer),
                Column<int> ints => Touch(ints.ValuesBuffer),
                _ => throw new InvalidOperationException(column.Type.ToString()),
            };
        }

        return sum;
    }

    /// <summary>Read the batch from a byte[] stream: one copy into an aligned image, then validation.</summary>
    [Benchmark]
    public int ReadFileFromStream()
    {
        using var reader = new ArrowFileReader(new MemoryStream(_file, writable: false));
        return reader.ReadBatch(0).Length;
    }

    private static int Touch(ArrowBuffer buffer)
    {
        ReadOnlySpan<byte> bytes = buffer.Span;
        int sum = 0;
        for (int i = 0; i < bytes.Length; i += PageSize)
        {
            sum += bytes[i];
        }

        return sum;
    }
}

/// <summary>The utf8 offsets check of the reader (10M strings): the vectorised pass against the scalar loop.</summary>
[MemoryDiagnoser]
public class ArrowOffsetCheckBenchmarks
{
    private int[] _offsets = [];

    [GlobalSetup]
    public void Setup()
    {
        _offsets = new int[10_000_001];
        for (int i = 1; i < _offsets.Length; i++)
        {
            _offsets[i] = _offsets[i - 1] + (i % 97 == 0 ? 0 : 7);
        }
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => TrafficEngine.Arrow.Ipc.StringOffsets.FindDecreaseScalar(_offsets);

    [Benchmark]
    public int Vectorised() => TrafficEngine.Arrow.Ipc.StringOffsets.FindDecrease(_offsets);
}
