using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using TrafficEngine.Arrow;

namespace Bench;

/// <summary>
/// Writing and reading one 10M-row batch (timestamps, lon/lat, ids, a utf8 column) in the Arrow IPC file format,
/// against a plain copy of the same number of bytes as the baseline. The file is read from disk with the page
/// cache warm (memory-mapped by <see cref="ArrowFileInput.Open"/>, validated), whole into memory
/// (<see cref="ArrowFiles.ReadAll"/>), and by Apache.Arrow's own reader from a byte[] stream (no validation).
/// </summary>
[MemoryDiagnoser]
public class ArrowBenchmarks : IDisposable
{
    private const int Rows = 10_000_000;
    private const int PageSize = 4096;

    private RecordBatch _batch = null!;
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
            new Field("timestampMs", ArrowTypes.TimestampMsUtc, nullable: false),
            new Field("lon", DoubleType.Default, nullable: false),
            new Field("lat", DoubleType.Default, nullable: false),
            new Field("vehicleId", Int32Type.Default, nullable: false),
            new Field("plate", StringType.Default, nullable: true),
        ], []);
        var time = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, Rows);
        var lon = new FixedWidthArrayBuilder<double>(DoubleType.Default, Rows);
        var lat = new FixedWidthArrayBuilder<double>(DoubleType.Default, Rows);
        var id = new FixedWidthArrayBuilder<int>(Int32Type.Default, Rows);
        var plate = new StringArray.Builder();
        var random = new Random(42);
        for (int i = 0; i < Rows; i++)
        {
            time.Append(1_700_000_000_000L + (i * 10L));
            lon.Append(16.3 + (random.NextDouble() * 0.1));
            lat.Append(48.2 + (random.NextDouble() * 0.1));
            id.Append(i % 5000);
            if (i % 97 == 0)
            {
                plate.AppendNull();
            }
            else
            {
                plate.Append($"W-{i % 100_000:D5}");
            }
        }

        _batch = ArrowColumns.Batch(_schema, [time.Build(), lon.Build(), lat.Build(), id.Build(), plate.Build()]);
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
            writer.WriteRecordBatch(_batch);
            writer.WriteEnd();
        }

        return _output.Position;
    }

    /// <summary>Open (memory-map) the file on disk and read the batch: metadata, validation, columns over the mapping.</summary>
    [Benchmark]
    public int ReadFileMapped()
    {
        using ArrowFileInput input = ArrowFileInput.Open(_path);
        return input.ReadBatches().Sum(b => b.Length);
    }

    /// <summary>As <see cref="ReadFileMapped"/>, then one byte of every page of every buffer, so every page is faulted in.</summary>
    [Benchmark]
    public int ReadFileMappedTouchEveryPage()
    {
        using ArrowFileInput input = ArrowFileInput.Open(_path);
        int sum = 0;
        foreach (RecordBatch batch in input.ReadBatches())
        {
            foreach (IArrowArray column in batch.Arrays)
            {
                foreach (ArrowBuffer buffer in column.Data.Buffers)
                {
                    sum += Touch(buffer);
                }
            }
        }

        return sum;
    }

    /// <summary>The whole file read into managed memory (one copy), then validated.</summary>
    [Benchmark]
    public int ReadFileWhole() => ArrowFiles.ReadAll(_path).Batches.Sum(b => b.Length);

    /// <summary>Apache.Arrow's own file reader from a byte[] stream: a copy of each buffer, no validation.</summary>
    [Benchmark]
    public int ReadFileLibraryStream()
    {
        using var reader = new ArrowFileReader(new MemoryStream(_file, writable: false));
        return reader.ReadNextRecordBatch().Length;
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
