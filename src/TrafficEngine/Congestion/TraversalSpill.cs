using System.Runtime.InteropServices;
using Apache.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Traversals in any order (the matcher writes them vehicle by vehicle) brought into bin order with memory bounded
/// whatever the feed's size: an external sort. Each usable row, as 32 bytes (edge, vehicle, enter, exit, metres), goes
/// to a run of at most <see cref="RunRows"/> rows; a full run is sorted stably by the bin holding the row's midpoint
/// and written to a temporary file with the count of rows per bin. <see cref="Chunks"/> then merges the runs bin by
/// bin (for each bin, run 0's rows first, then run 1's, ...: input order within a bin, as a stable sort of the whole
/// input would give) into chunks of at most <see cref="ChunkRows"/> rows. Memory: one run while writing, one chunk and
/// a read buffer per run while merging. A feed that fits one run never touches the disk. The files live in a folder
/// of their own, deleted on <see cref="Dispose"/> (also after a failure or a cancellation).
/// </summary>
internal sealed class TraversalSpill : IDisposable
{
    /// <summary>Rows per run: 32 MB of rows, and as much again for the sort.</summary>
    internal const int DefaultRunRows = 1 << 20;

    /// <summary>Rows per merged chunk handed to the aggregator.</summary>
    internal const int DefaultChunkRows = 1 << 18;

    /// <summary>Bin ranges up to this many bins are sorted by counting; wider ones (stray dates) by comparison.</summary>
    private const long CountingSortBins = 1 << 22;

    private readonly string _root;
    private readonly long _binMs;
    private readonly List<Run> _runs = [];
    private string? _folder;
    private Row[] _buffer;
    private Row[] _sorted = [];
    private int _buffered;

    private TraversalSpill(string root, long binMs, int runRows, int chunkRows)
    {
        _root = root;
        _binMs = binMs;
        RunRows = runRows;
        ChunkRows = chunkRows;
        _buffer = new Row[Math.Min(runRows, 1 << 16)];
    }

    public int RunRows { get; }

    public int ChunkRows { get; }

    public long RowsRead { get; private set; }

    public long RowsKept { get; private set; }

    public long UnknownEdges { get; private set; }

    public long NullRows { get; private set; }

    public int VehicleCount { get; private set; }

    /// <summary>Runs written to disk (0 when the feed fit one run in memory).</summary>
    public int RunsOnDisk => _runs.Count(r => r.File is not null);

    public static TraversalSpill Write(RoadNetwork network, IEnumerable<RecordBatch> batches, long binMs, string? tempRoot,
        CancellationToken cancel, int runRows = DefaultRunRows, int chunkRows = DefaultChunkRows, Action<long>? batchesRead = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        var spill = new TraversalSpill(tempRoot ?? Path.GetTempPath(), binMs, runRows, chunkRows);
        try
        {
            (spill.RowsRead, spill.UnknownEdges, spill.NullRows, spill.VehicleCount) =
                TraversalColumns.Scan(network, ProgressOf(batches, batchesRead), spill.Add, cancel);
            spill.CloseRun(lastRun: true);
            return spill;
        }
        catch
        {
            spill.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows in bin order, in chunks of at most <see cref="ChunkRows"/> rows; within a bin, in input order. A
    /// chunk is valid until the next one is taken (its arrays are reused). Can be enumerated again (the aggregator
    /// reads the rows once, the intervals a second time): each enumeration starts every run from its front, so two
    /// enumerations must not be interleaved.
    /// </summary>
    public IEnumerable<Rows> Chunks(CancellationToken cancel)
    {
        foreach (Run run in _runs)
        {
            run.Rewind();
        }

        var chunk = new Rows(ChunkRows);
        // Every bin of every run, in order, each visited once; per run, a cursor into its bins.
        long[] bins = [.. _runs.SelectMany(r => r.Bins).Distinct().Order()];
        var cursor = new int[_runs.Count];
        var read = new Row[Math.Min(ChunkRows, 1 << 14)];
        foreach (long bin in bins)
        {
            cancel.ThrowIfCancellationRequested();
            for (int r = 0; r < _runs.Count; r++)
            {
                Run run = _runs[r];
                if (cursor[r] >= run.Bins.Length || run.Bins[cursor[r]] != bin)
                {
                    continue;
                }

                for (int left = run.Counts[cursor[r]]; left > 0;)
                {
                    int take = Math.Min(Math.Min(left, read.Length), chunk.Capacity - chunk.Count);
                    Span<Row> rows = read.AsSpan(0, take);
                    run.Read(rows);
                    chunk.Append(rows);
                    left -= take;
                    if (chunk.Count == chunk.Capacity)
                    {
                        yield return chunk;
                        chunk.Clear();
                    }
                }

                cursor[r]++;
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    public void Dispose()
    {
        foreach (Run run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>The batches, with the number read so far reported after each.</summary>
    private static IEnumerable<RecordBatch> ProgressOf(IEnumerable<RecordBatch> batches, Action<long>? batchesRead)
    {
        long read = 0;
        foreach (RecordBatch batch in batches)
        {
            yield return batch;
            batchesRead?.Invoke(++read);
        }
    }

    private void Add(int edge, int vehicle, long enterMs, long exitMs, double metres)
    {
        if (_buffered == _buffer.Length)
        {
            if (_buffered == RunRows)
            {
                CloseRun(lastRun: false);
            }
            else
            {
                System.Array.Resize(ref _buffer, (int)Math.Min(RunRows, 2L * _buffer.Length));
            }
        }

        _buffer[_buffered++] = new Row { Edge = edge, Vehicle = vehicle, EnterMs = enterMs, ExitMs = exitMs, Metres = metres };
        RowsKept++;
    }

    /// <summary>Sorts the buffered rows stably by bin; kept in memory when it is the only run, else written to a file.</summary>
    private void CloseRun(bool lastRun)
    {
        if (_buffered == 0)
        {
            return;
        }

        (long[] bins, int[] counts) = SortByBin(_buffer.AsSpan(0, _buffered));
        if (lastRun && _runs.Count == 0)
        {
            _runs.Add(Run.InMemory(_sorted, bins, counts));
        }
        else
        {
            if (_folder is null)
            {
                _folder = Path.Combine(_root, $"traffic-congestion-{Environment.ProcessId}-{Guid.NewGuid():N}");
                Directory.CreateDirectory(_folder);
            }

            _runs.Add(Run.OnDisk(Path.Combine(_folder, $"run-{_runs.Count:D5}.bin"), _sorted.AsSpan(0, _buffered), bins, counts));
        }

        _buffered = 0;
        if (lastRun)
        {
            _buffer = [];
            _sorted = [];
        }
    }

    /// <summary>Sorts <paramref name="rows"/> stably by bin into <see cref="_sorted"/>; the bins present, ascending, and their row counts.</summary>
    private (long[] Bins, int[] Counts) SortByBin(ReadOnlySpan<Row> rows)
    {
        if (_sorted.Length < rows.Length)
        {
            _sorted = GC.AllocateUninitializedArray<Row>(_buffer.Length);
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (ref readonly Row r in rows)
        {
            long bin = BinOf(r);
            min = Math.Min(min, bin);
            max = Math.Max(max, bin);
        }

        Span<Row> sorted = _sorted.AsSpan(0, rows.Length);
        if (max - min < CountingSortBins)
        {
            var next = new int[(int)(max - min) + 2];
            foreach (ref readonly Row r in rows)
            {
                next[(int)(BinOf(r) - min) + 1]++;
            }

            var bins = new List<long>();
            var counts = new List<int>();
            for (int b = 1; b < next.Length; b++)
            {
                if (next[b] > 0)
                {
                    bins.Add(min + b - 1);
                    counts.Add(next[b]);
                }

                next[b] += next[b - 1];
            }

            foreach (ref readonly Row r in rows)
            {
                sorted[next[(int)(BinOf(r) - min)]++] = r;
            }

            return ([.. bins], [.. counts]);
        }

        // Stray timestamps years apart: sort (bin, position) keys, the position keeping it stable.
        var keys = new (long Bin, int At)[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            keys[i] = (BinOf(rows[i]), i);
        }

        System.Array.Sort(keys);
        var wideBins = new List<long>();
        var wideCounts = new List<int>();
        for (int i = 0; i < keys.Length; i++)
        {
            sorted[i] = rows[keys[i].At];
            if (i == 0 || keys[i].Bin != keys[i - 1].Bin)
            {
                wideBins.Add(keys[i].Bin);
                wideCounts.Add(0);
            }

            wideCounts[^1]++;
        }

        return ([.. wideBins], [.. wideCounts]);
    }

    private long BinOf(in Row r) => FloorDiv(r.EnterMs + ((r.ExitMs - r.EnterMs) / 2), _binMs);

    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>Rows in the aggregator's column layout, up to a fixed capacity; reused from chunk to chunk.</summary>
    public sealed class Rows(int capacity)
    {
        private readonly int[] _edges = GC.AllocateUninitializedArray<int>(capacity);
        private readonly int[] _vehicles = GC.AllocateUninitializedArray<int>(capacity);
        private readonly long[] _enterMs = GC.AllocateUninitializedArray<long>(capacity);
        private readonly long[] _exitMs = GC.AllocateUninitializedArray<long>(capacity);
        private readonly double[] _metres = GC.AllocateUninitializedArray<double>(capacity);

        public int Capacity => capacity;

        public int Count { get; private set; }

        public ReadOnlySpan<int> Edges => _edges.AsSpan(0, Count);

        public ReadOnlySpan<int> Vehicles => _vehicles.AsSpan(0, Count);

        public ReadOnlySpan<long> EnterMs => _enterMs.AsSpan(0, Count);

        public ReadOnlySpan<long> ExitMs => _exitMs.AsSpan(0, Count);

        public ReadOnlySpan<double> Metres => _metres.AsSpan(0, Count);

        internal void Clear() => Count = 0;

        internal void Append(ReadOnlySpan<Row> rows)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                ref readonly Row r = ref rows[i];
                int at = Count + i;
                _edges[at] = r.Edge;
                _vehicles[at] = r.Vehicle;
                _enterMs[at] = r.EnterMs;
                _exitMs[at] = r.ExitMs;
                _metres[at] = r.Metres;
            }

            Count += rows.Length;
        }
    }

    /// <summary>One sorted run: its bins with their row counts, and its rows in memory or in a file read front to back.</summary>
    private sealed class Run : IDisposable
    {
        private readonly Row[]? _rows;
        private int _position;

        private Run(long[] bins, int[] counts, Row[]? rows, FileStream? file)
        {
            Bins = bins;
            Counts = counts;
            _rows = rows;
            File = file;
        }

        public long[] Bins { get; }

        public int[] Counts { get; }

        public FileStream? File { get; }

        public static Run InMemory(Row[] rows, long[] bins, int[] counts) => new(bins, counts, rows, null);

        public static Run OnDisk(string path, ReadOnlySpan<Row> rows, long[] bins, int[] counts)
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            try
            {
                file.Write(MemoryMarshal.AsBytes(rows));
                file.Flush();
                file.Position = 0;
                return new Run(bins, counts, null, file);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>The next rows of the run, front to back.</summary>
        public void Read(Span<Row> into)
        {
            if (_rows is not null)
            {
                _rows.AsSpan(_position, into.Length).CopyTo(into);
                _position += into.Length;
            }
            else
            {
                File!.ReadExactly(MemoryMarshal.AsBytes(into));
            }
        }

        /// <summary>Starts reading the run again from its front.</summary>
        public void Rewind()
        {
            _position = 0;
            if (File is not null)
            {
                File.Position = 0;
            }
        }

        public void Dispose() => File?.Dispose();
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct Row
    {
        public int Edge;
        public int Vehicle;
        public long EnterMs;
        public long ExitMs;
        public double Metres;
    }
}
