using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.IO;

namespace TrafficEngine.Congestion;

/// <summary>
/// Reads earlier runs' segment_speeds.arrow files (the congestion stage's own output) as history: batch by batch
/// through <see cref="ArrowFileInput.OpenCopying"/> (every batch validated, memory bounded by one batch), keeping the
/// cells of the <see cref="CongestionOptions.HistoryDays"/> days before the current data and matching edges by edge
/// id, so a history made on another version of the network still counts where the ids agree. A file's schema and
/// values are checked: a missing or mistyped column, a null, a non-positive speed or an unordered file is a one-line
/// <see cref="ArrowFormatException"/> naming the file, the row and the column. A local day found in two files counts
/// once (from the first file read), so a history passed twice does not weigh double.
/// </summary>
public static class SpeedHistory
{
    /// <summary>The name of the files a history folder is searched for.</summary>
    public const string FileName = "segment_speeds.arrow";

    private const string BinStart = "bin_start", EdgeId = "edge_id", Speed = "speed_kmh", Traversals = "traversals", Vehicles = "vehicles", Vkt = "vkt";

    /// <summary>
    /// The history files named by <paramref name="paths"/>: a file as it is, a folder as every segment_speeds.arrow
    /// under it; each once, in path order. A missing path, or a folder holding none, is a <see cref="UserInputException"/>;
    /// a file that is not an Arrow file with the columns history needs is an <see cref="ArrowFormatException"/> (its
    /// footer and schema are read here, no batch), so a wrong file fails before any work is done.
    /// </summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                string[] found = Directory.GetFiles(path, FileName, SearchOption.AllDirectories);
                if (found.Length == 0)
                {
                    throw new UserInputException($"{path}: the history folder holds no {FileName}.", path);
                }

                files.UnionWith(found.Select(Path.GetFullPath));
            }
            else
            {
                throw new UserInputException($"{path}: history file or folder not found.", path);
            }
        }

        foreach (string file in files)
        {
            using ArrowFileInput input = ArrowFileInput.OpenCopying(file);
            RequireColumns(input.Schema, file);
        }

        return [.. files];
    }

    /// <summary>
    /// Streams the usable history cells of <paramref name="files"/> to <paramref name="sink"/>, batch by batch (the
    /// <see cref="HistoryCells"/> object is reused: read it inside the call). Usable: a bin starting within
    /// <see cref="CongestionOptions.HistoryDays"/> days before <paramref name="beforeUtcMs"/>, on an edge of the network.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static HistoryReport Read(RoadNetwork network, IReadOnlyList<string> files, long beforeUtcMs, CongestionOptions options,
        Action<HistoryCells> sink, IProgress<StageProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        long windowStart = beforeUtcMs - (options.HistoryDays * BeijingCalendar.DayMs);
        EdgeIdLookup lookup = EdgeIdLookup.For(network);
        var dayOwner = new Dictionary<long, int>();
        var unknownIds = new HashSet<long>();
        var usedDays = new HashSet<long>();
        var cells = new HistoryCells();
        long read = 0, used = 0, tooOld = 0, notBefore = 0, repeated = 0, unknown = 0, first = long.MaxValue, last = long.MinValue;
        for (int f = 0; f < files.Count; f++)
        {
            string path = files[f];
            using ArrowFileInput input = ArrowFileInput.OpenCopying(path);
            RequireColumns(input.Schema, path);
            long row = 0, previousBin = long.MinValue;
            foreach (RecordBatch batch in input.ReadBatches())
            {
                cancel.ThrowIfCancellationRequested();
                ReadOnlySpan<long> bins = Column<long>(batch, BinStart, path, row);
                ReadOnlySpan<long> ids = Column<long>(batch, EdgeId, path, row);
                ReadOnlySpan<double> speeds = Column<double>(batch, Speed, path, row);
                ReadOnlySpan<int> traversals = Column<int>(batch, Traversals, path, row);
                ReadOnlySpan<int> vehicles = Column<int>(batch, Vehicles, path, row);
                ReadOnlySpan<double> vkt = Column<double>(batch, Vkt, path, row);
                cells.Reset(batch.Length);
                for (int i = 0; i < batch.Length; i++, row++)
                {
                    long bin = bins[i];
                    if (bin < previousBin)
                    {
                        throw Fail(path, row, BinStart, "goes back in time: the rows are not ordered by bin_start as the engine writes them");
                    }

                    previousBin = bin;
                    Check(path, row, speeds[i], vkt[i], traversals[i], vehicles[i]);
                    read++;
                    if (bin < windowStart)
                    {
                        tooOld++;
                        continue;
                    }

                    if (bin >= beforeUtcMs)
                    {
                        notBefore++;
                        continue;
                    }

                    int edge = lookup.Find(ids[i]);
                    if (edge < 0)
                    {
                        unknown++;
                        unknownIds.Add(ids[i]);
                        continue;
                    }

                    long day = BeijingCalendar.LocalDay(bin);
                    if (dayOwner.TryGetValue(day, out int owner) ? owner != f : !dayOwner.TryAdd(day, f))
                    {
                        repeated++;
                        continue;
                    }

                    usedDays.Add(day);
                    first = Math.Min(first, bin);
                    last = Math.Max(last, bin);
                    double metres = vkt[i] * 1000;
                    cells.Append(edge, bin, speeds[i], metres, metres / (speeds[i] / 3.6), traversals[i], vehicles[i]);
                }

                used += cells.Count;
                sink(cells);
            }

            progress?.Report(new StageProgress("reading history", f + 1, files.Count, "files"));
        }

        return new HistoryReport(files.Count, read, used, tooOld, notBefore, repeated, unknown, unknownIds.Count, usedDays.Count,
            windowStart, beforeUtcMs, used > 0 ? first : 0, used > 0 ? last : 0);
    }

    private static void RequireColumns(Schema schema, string path)
    {
        ArrowColumns.RequireField(schema, BinStart, ArrowTypes.TimestampMsUtc, path);
        ArrowColumns.RequireField(schema, EdgeId, Int64Type.Default, path);
        ArrowColumns.RequireField(schema, Speed, DoubleType.Default, path);
        ArrowColumns.RequireField(schema, Traversals, Int32Type.Default, path);
        ArrowColumns.RequireField(schema, Vehicles, Int32Type.Default, path);
        ArrowColumns.RequireField(schema, Vkt, DoubleType.Default, path);
    }

    private static ReadOnlySpan<T> Column<T>(RecordBatch batch, string name, string path, long row)
        where T : struct, IEquatable<T>
    {
        var column = batch.Require<PrimitiveArray<T>>(name, path);
        if (column.NullCount > 0)
        {
            throw Fail(path, row, name, $"holds {column.NullCount} nulls in the batch starting there; history cells need every value");
        }

        return column.Values;
    }

    private static void Check(string path, long row, double speed, double vkt, int traversals, int vehicles)
    {
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw Fail(path, row, Speed, $"{speed} is not a positive speed");
        }

        if (!(vkt > 0) || double.IsInfinity(vkt))
        {
            throw Fail(path, row, Vkt, $"{vkt} is not a positive distance");
        }

        if (traversals < 1)
        {
            throw Fail(path, row, Traversals, $"{traversals} is not a count of one or more");
        }

        if (vehicles < 1 || vehicles > traversals)
        {
            throw Fail(path, row, Vehicles, $"{vehicles} is not between 1 and the cell's {traversals} traversals");
        }
    }

    private static ArrowFormatException Fail(string path, long row, string column, string problem) =>
        new($"{path}: row {row + 1}, column '{column}': {problem}.", path, column);
}

/// <summary>One batch of history cells on the current network (dense edge indexes), reused from batch to batch.</summary>
internal sealed class HistoryCells
{
    public int Count { get; private set; }

    public int[] Edges { get; private set; } = [];

    public long[] BinStartMs { get; private set; } = [];

    public double[] SpeedKmh { get; private set; } = [];

    public double[] Metres { get; private set; } = [];

    public double[] Seconds { get; private set; } = [];

    public int[] Traversals { get; private set; } = [];

    public int[] Vehicles { get; private set; } = [];

    public void Reset(int capacity)
    {
        Count = 0;
        if (Edges.Length < capacity)
        {
            Edges = new int[capacity];
            BinStartMs = new long[capacity];
            SpeedKmh = new double[capacity];
            Metres = new double[capacity];
            Seconds = new double[capacity];
            Traversals = new int[capacity];
            Vehicles = new int[capacity];
        }
    }

    public void Append(int edge, long binStartMs, double speedKmh, double metres, double seconds, int traversals, int vehicles)
    {
        Edges[Count] = edge;
        BinStartMs[Count] = binStartMs;
        SpeedKmh[Count] = speedKmh;
        Metres[Count] = metres;
        Seconds[Count] = seconds;
        Traversals[Count] = traversals;
        Vehicles[Count] = vehicles;
        Count++;
    }
}

/// <summary>What reading the history found.</summary>
/// <param name="Files">History files read.</param>
/// <param name="CellsRead">Cells in the files.</param>
/// <param name="CellsUsed">Cells inside the window, on an edge of the network, on a day not already read from another file.</param>
/// <param name="CellsTooOld">Cells before the window (more than HistoryDays days before the current data).</param>
/// <param name="CellsNotEarlier">Cells at or after the current data's first bin: the current data speaks for those.</param>
/// <param name="CellsOnRepeatedDays">Cells of a local day already read from another file.</param>
/// <param name="UnknownEdgeCells">Cells inside the window whose edge id the network lacks.</param>
/// <param name="UnknownEdges">Distinct edge ids of those cells.</param>
/// <param name="Days">Local days with used cells.</param>
/// <param name="WindowStartMs">Start of the window, UTC ms (inclusive).</param>
/// <param name="WindowEndMs">End of the window, UTC ms (exclusive): the current data's first bin.</param>
/// <param name="FirstBinStartMs">First used bin, UTC ms; 0 when none.</param>
/// <param name="LastBinStartMs">Last used bin, UTC ms; 0 when none.</param>
public sealed record HistoryReport(
    int Files, long CellsRead, long CellsUsed, long CellsTooOld, long CellsNotEarlier, long CellsOnRepeatedDays,
    long UnknownEdgeCells, int UnknownEdges, int Days, long WindowStartMs, long WindowEndMs, long FirstBinStartMs, long LastBinStartMs);
