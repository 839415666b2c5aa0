using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Probe fixes gathered from ingest batches into flat arrays, with the row range of each vehicle. Checks the order
/// the matcher relies on (by vehicle, then time; each vehicle in one run) and names the row that breaks it.
/// </summary>
internal sealed class ProbeTable
{
    private ProbeTable(double[] lon, double[] lat, long[] timestampMs, sbyte[] occupied, int[] vehicleStart, string[] vehicleIds, Crs declaredCrs)
    {
        Occupied = occupied;
        Lon = lon;
        Lat = lat;
        TimestampMs = timestampMs;
        VehicleStart = vehicleStart;
        VehicleIds = vehicleIds;
        DeclaredCrs = declaredCrs;
    }

    public double[] Lon { get; }

    public double[] Lat { get; }

    public long[] TimestampMs { get; }

    /// <summary>The feed's occupied flag per fix: 1 occupied, 0 vacant, -1 unknown (null, or no such column).</summary>
    public sbyte[] Occupied { get; }

    /// <summary>Vehicle v's fixes are rows VehicleStart[v] .. VehicleStart[v+1]-1.</summary>
    public int[] VehicleStart { get; }

    public string[] VehicleIds { get; }

    /// <summary>The coordinate system the feed was declared in at ingest (the schema's traffic.source_crs; WGS-84 if absent).</summary>
    public Crs DeclaredCrs { get; }

    public int Count => Lon.Length;

    public int VehicleCount => VehicleIds.Length;

    /// <summary>Every fix of the batches in one table (for callers that hold the whole feed anyway).</summary>
    public static ProbeTable From(IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return Partitions(batches, int.MaxValue).SingleOrDefault() ?? new ProbeTable([], [], [], [], [0], [], Crs.Wgs84);
    }

    /// <summary>
    /// The fixes in partitions of whole vehicles, each closed at the first vehicle start at or after
    /// <paramref name="targetFixes"/> rows (a vehicle longer than that gets a partition of its own). The order checks
    /// run across partitions, so a vehicle that appears again in a later batch is still named; rows are numbered
    /// from the feed's start. Only the current partition and the set of vehicle names seen are held.
    /// </summary>
    public static IEnumerable<ProbeTable> Partitions(IEnumerable<RecordBatch> batches, int targetFixes)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetFixes);
        var partitioner = new Partitioner(targetFixes);
        foreach (RecordBatch batch in batches)
        {
            for (int at = 0; at < batch.Length;)
            {
                at = partitioner.Consume(batch, at);
                if (partitioner.Full is { } table)
                {
                    yield return table;
                }
            }
        }

        if (partitioner.Last() is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Rows into partitions, with the order checks across the whole feed.</summary>
    private sealed class Partitioner(int targetFixes)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private Builder _part = new(Math.Min(targetFixes, 1 << 16));
        private Crs _crs = Crs.Wgs84;
        private byte[] _previous = [];
        private long _row;

        /// <summary>A partition closed by the last <see cref="Consume"/>, once.</summary>
        public ProbeTable? Full { get; private set; }

        /// <summary>Takes rows from <paramref name="from"/> on until the batch ends or a partition closes; the next row.</summary>
        public int Consume(RecordBatch batch, int from)
        {
            Full = null;
            if (from == 0 && batch.Schema.Metadata.TryGetValue(ProbeSchema.SourceCrsKey, out string? declared))
            {
                _crs = CrsNames.Parse(declared);
            }

            StringArray vehicles = batch.Require<StringArray>(ProbeSchema.VehicleId);
            ReadOnlySpan<long> ts = batch.Require<PrimitiveArray<long>>(ProbeSchema.Timestamp).Values;
            ReadOnlySpan<double> x = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lon).Values;
            ReadOnlySpan<double> y = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lat).Values;
            BooleanArray? occupied = batch.Find(ProbeSchema.Occupied) as BooleanArray;
            for (int i = from; i < batch.Length; i++, _row++)
            {
                ReadOnlySpan<byte> id = vehicles.GetBytes(i);
                if (_row == 0 || !id.SequenceEqual(_previous))
                {
                    if (_part.Count >= targetFixes && Full is null)
                    {
                        Full = _part.Build(_crs);
                        _part = new Builder(Math.Min(targetFixes, 1 << 16));
                        return i;
                    }

                    string name = Encoding.UTF8.GetString(id);
                    if (!_seen.Add(name))
                    {
                        throw new InvalidDataException($"Probes are not ordered by vehicle: vehicle '{name}' appears again at row {_row + 1}.");
                    }

                    _part.StartVehicle(name);
                    _previous = id.ToArray();
                }
                else if (ts[i] < _part.LastTime)
                {
                    throw new InvalidDataException($"Probes are not ordered by time within vehicle '{_part.LastVehicle}' at row {_row + 1}.");
                }

                if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                {
                    throw new InvalidDataException($"Probe row {_row + 1} has a non-finite coordinate ({x[i]}, {y[i]}).");
                }

                if (_part.Count == System.Array.MaxLength)
                {
                    throw new InvalidDataException($"Vehicle '{_part.LastVehicle}' has more fixes than one partition can hold.");
                }

                _part.Add(x[i], y[i], ts[i], occupied is null || occupied.IsNull(i) ? (sbyte)-1 : occupied.GetValue(i) == true ? (sbyte)1 : (sbyte)0);
            }

            return batch.Length;
        }

        /// <summary>The partition still open at the end of the feed, if it has rows.</summary>
        public ProbeTable? Last() => _part.VehicleCount > 0 ? _part.Build(_crs) : null;
    }

    /// <summary>One partition's growing arrays.</summary>
    private sealed class Builder(int capacity)
    {
        private readonly List<int> _starts = [];
        private readonly List<string> _ids = [];
        private double[] _lon = new double[capacity];
        private double[] _lat = new double[capacity];
        private long[] _time = new long[capacity];
        private sbyte[] _occupied = new sbyte[capacity];

        public int Count { get; private set; }

        public int VehicleCount => _ids.Count;

        public long LastTime => _time[Count - 1];

        public string LastVehicle => _ids[^1];

        public void StartVehicle(string name)
        {
            _starts.Add(Count);
            _ids.Add(name);
        }

        public void Add(double lon, double lat, long timeMs, sbyte occupied)
        {
            if (Count == _lon.Length)
            {
                int size = (int)Math.Min(System.Array.MaxLength, Math.Max(16L, _lon.Length * 2L));
                System.Array.Resize(ref _lon, size);
                System.Array.Resize(ref _lat, size);
                System.Array.Resize(ref _time, size);
                System.Array.Resize(ref _occupied, size);
            }

            _occupied[Count] = occupied;
            _lon[Count] = lon;
            _lat[Count] = lat;
            _time[Count] = timeMs;
            Count++;
        }

        public ProbeTable Build(Crs crs)
        {
            _starts.Add(Count);
            System.Array.Resize(ref _lon, Count);
            System.Array.Resize(ref _lat, Count);
            System.Array.Resize(ref _time, Count);
            System.Array.Resize(ref _occupied, Count);
            return new ProbeTable(_lon, _lat, _time, _occupied, [.. _starts], [.. _ids], crs);
        }
    }
}
