using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Traversals in any order (the matcher writes them vehicle by vehicle) partitioned by time into temporary files, so
/// that the aggregation can take them period by period with memory bounded by the busiest period, not the feed:
/// each usable row goes, as 32 bytes (edge, vehicle, enter, exit, metres), to the file of the period holding its
/// midpoint. A period is a whole number of bins and of hours (one hour for bins that divide it), aligned to bins.
/// <see cref="Periods"/> gives them in time order, each with its rows in input order, stably sorted by bin.
/// The files live in a folder of their own, deleted on <see cref="Dispose"/>.
/// </summary>
internal sealed class TraversalSpill : IDisposable
{
    private readonly string _folder;
    private readonly long _binMs;
    private readonly long _periodMs;
    private readonly Dictionary<long, FileStream> _files = [];

    private TraversalSpill(string folder, long binMs)
    {
        _folder = folder;
        _binMs = binMs;
        long binMinutes = binMs / 60_000;
        _periodMs = binMs * (60 / (int)Gcd(binMinutes, 60));
    }

    public long RowsRead { get; private set; }

    public long RowsKept { get; private set; }

    public long UnknownEdges { get; private set; }

    public long NullRows { get; private set; }

    public int VehicleCount { get; private set; }

    public static TraversalSpill Write(RoadNetwork network, IEnumerable<RecordBatch> batches, long binMs, string? tempRoot, CancellationToken cancel)
    {
        string root = tempRoot ?? Path.GetTempPath();
        string folder = Path.Combine(root, $"traffic-congestion-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var spill = new TraversalSpill(folder, binMs);
        try
        {
            (spill.RowsRead, spill.UnknownEdges, spill.NullRows, spill.VehicleCount) = TraversalColumns.Scan(network, batches, spill.Add, cancel);
            foreach (FileStream file in spill._files.Values)
            {
                file.Flush();
            }

            return spill;
        }
        catch
        {
            spill.Dispose();
            throw;
        }
    }

    /// <summary>The periods in time order: their rows, sorted stably by bin.</summary>
    public IEnumerable<Rows> Periods(CancellationToken cancel)
    {
        foreach (long period in _files.Keys.Order())
        {
            cancel.ThrowIfCancellationRequested();
            yield return Read(period);
        }
    }

    public void Dispose()
    {
        foreach (FileStream file in _files.Values)
        {
            file.Dispose();
        }

        _files.Clear();
        Directory.Delete(_folder, recursive: true);
    }

    private void Add(int edge, int vehicle, long enterMs, long exitMs, double metres)
    {
        long mid = enterMs + ((exitMs - enterMs) / 2);
        long period = FloorDiv(mid, _periodMs);
        if (!_files.TryGetValue(period, out FileStream? file))
        {
            file = new FileStream(Path.Combine(_folder, $"{period}.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            _files.Add(period, file);
        }

        Span<Row> row = [new Row { Edge = edge, Vehicle = vehicle, EnterMs = enterMs, ExitMs = exitMs, Metres = metres }];
        file.Write(MemoryMarshal.AsBytes(row));
        RowsKept++;
    }

    private Rows Read(long period)
    {
        FileStream file = _files[period];
        file.Flush();
        int n = checked((int)(file.Length / Marshal.SizeOf<Row>()));
        var rows = GC.AllocateUninitializedArray<Row>(n);
        file.Position = 0;
        file.ReadExactly(MemoryMarshal.AsBytes(rows.AsSpan()));
        long first = period * (_periodMs / _binMs);
        int bins = (int)(_periodMs / _binMs);
        var next = new int[bins + 1];
        foreach (ref readonly Row r in rows.AsSpan())
        {
            next[BinIn(r, first) + 1]++;
        }

        for (int b = 1; b < next.Length; b++)
        {
            next[b] += next[b - 1];
        }

        var sorted = new Rows(n);
        foreach (ref readonly Row r in rows.AsSpan())
        {
            int at = next[BinIn(r, first)]++;
            sorted.Edges[at] = r.Edge;
            sorted.Vehicles[at] = r.Vehicle;
            sorted.EnterMs[at] = r.EnterMs;
            sorted.ExitMs[at] = r.ExitMs;
            sorted.Metres[at] = r.Metres;
        }

        // The period's rows are in memory now; its file is not needed again.
        file.Dispose();
        File.Delete(file.Name);
        return sorted;
    }

    private int BinIn(in Row r, long firstBin) => (int)(FloorDiv(r.EnterMs + ((r.ExitMs - r.EnterMs) / 2), _binMs) - firstBin);

    private static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>One period's rows as the aggregator's spans take them.</summary>
    public sealed class Rows(int count)
    {
        public int[] Edges { get; } = GC.AllocateUninitializedArray<int>(count);
        public int[] Vehicles { get; } = GC.AllocateUninitializedArray<int>(count);
        public long[] EnterMs { get; } = GC.AllocateUninitializedArray<long>(count);
        public long[] ExitMs { get; } = GC.AllocateUninitializedArray<long>(count);
        public double[] Metres { get; } = GC.AllocateUninitializedArray<double>(count);
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Row
    {
        public int Edge;
        public int Vehicle;
        public long EnterMs;
        public long ExitMs;
        public double Metres;
    }
}
