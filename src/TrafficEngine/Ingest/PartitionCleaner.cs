using System.Runtime.CompilerServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Ingest;

/// <summary>
/// The second phase of the ingest, one partition at a time: sorts the rows by (vehicle rank, timestamp, arrival
/// order) through a key array, drops duplicates and drift against the previous kept fix of the same vehicle,
/// records sampling intervals, and appends the kept rows, in output order, to the result file.
/// </summary>
internal sealed class PartitionCleaner
{
    /// <summary>Sampling-interval histogram: 1-second bins up to a week, the last bin holding anything longer.</summary>
    private const int HistogramBins = (7 * 86400) + 1;

    private readonly int[] _rankByVehicle;
    private readonly double _maxSpeedKmh;
    private readonly Stream _results;
    private readonly long[] _intervalHistogram = new long[HistogramBins];
    private readonly ProbeRows _kept = new(1 << 16);
    private readonly int[] _rowsPerVehicle;
    private SortKey[] _keys = new SortKey[1024];
    private long[] _runTimes = new long[1024];
    private int[] _runRows = new int[1024];
    private int[] _vehiclesHere = new int[64];

    public PartitionCleaner(int[] rankByVehicle, double maxSpeedKmh, Stream results)
    {
        _rankByVehicle = rankByVehicle;
        _rowsPerVehicle = new int[rankByVehicle.Length];
        _maxSpeedKmh = maxSpeedKmh;
        _results = results;
    }

    public long Kept { get; private set; }

    public long Duplicates { get; private set; }

    public long Drift { get; private set; }

    public long? FirstTimestampMs { get; private set; }

    public long? LastTimestampMs { get; private set; }

    /// <summary>Rows dropped here, to quarantine later by re-reading their lines.</summary>
    public List<LateReject> LateRejects { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clean(ProbeRows rows)
    {
        int n = rows.Count;
        if (n == 0)
        {
            return;
        }

        Span<SortKey> keys = SortRows(rows);
        _kept.Clear();
        int previousRank = -1;
        long previousTs = 0;
        double previousLon = 0;
        double previousLat = 0;
        foreach (SortKey key in keys)
        {
            int row = key.Index;
            long ts = key.TimestampMs;
            if (key.Rank == previousRank)
            {
                if (ts == previousTs)
                {
                    Duplicates++;
                    LateRejects.Add(new LateReject(rows.FileIndex[row], rows.Line[row], RejectCode.Duplicate));
                    continue;
                }

                double metres = GreatCircle.DistanceMetres(previousLon, previousLat, rows.Lon[row], rows.Lat[row]);
                double kmh = metres / 1000.0 / ((ts - previousTs) / 3_600_000.0);
                if (kmh > _maxSpeedKmh)
                {
                    Drift++;
                    LateRejects.Add(new LateReject(rows.FileIndex[row], rows.Line[row], RejectCode.Drift));
                    continue;
                }

                long seconds = (ts - previousTs) / 1000;
                _intervalHistogram[Math.Min(seconds, HistogramBins - 1)]++;
            }

            previousRank = key.Rank;
            previousTs = ts;
            previousLon = rows.Lon[row];
            previousLat = rows.Lat[row];
            _kept.AddFrom(rows, row);
            FirstTimestampMs = FirstTimestampMs is long first && first <= ts ? first : ts;
            LastTimestampMs = LastTimestampMs is long last && last >= ts ? last : ts;
        }

        Kept += _kept.Count;
        _kept.WriteChunk(_results);
    }

    /// <summary>
    /// Orders the rows by (vehicle rank, timestamp, arrival): a stable counting sort by vehicle, then a comparison sort
    /// of each vehicle's run only where it is not already in time order (probe files usually are, per vehicle).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<SortKey> SortRows(ProbeRows rows)
    {
        int n = rows.Count;
        if (_keys.Length < n)
        {
            _keys = new SortKey[Math.Max(n, _keys.Length * 2)];
        }

        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            int vehicle = rows.Vehicle[i];
            if (_rowsPerVehicle[vehicle]++ == 0)
            {
                if (distinct == _vehiclesHere.Length)
                {
                    Array.Resize(ref _vehiclesHere, distinct * 2);
                }

                _vehiclesHere[distinct++] = vehicle;
            }
        }

        Span<int> vehiclesHere = _vehiclesHere.AsSpan(0, distinct);
        int[] rank = _rankByVehicle;
        vehiclesHere.Sort((a, b) => rank[a].CompareTo(rank[b]));
        int offset = 0;
        foreach (int vehicle in vehiclesHere)
        {
            int count = _rowsPerVehicle[vehicle];
            _rowsPerVehicle[vehicle] = offset; // from here on: the next free slot of the vehicle's run
            offset += count;
        }

        Span<SortKey> keys = _keys.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            int vehicle = rows.Vehicle[i];
            keys[_rowsPerVehicle[vehicle]++] = new SortKey(rank[vehicle], rows.TimestampMs[i], i);
        }

        int start = 0;
        foreach (int vehicle in vehiclesHere)
        {
            int end = _rowsPerVehicle[vehicle];
            _rowsPerVehicle[vehicle] = 0;
            Span<SortKey> run = keys[start..end];
            for (int i = 1; i < run.Length; i++)
            {
                if (run[i].TimestampMs < run[i - 1].TimestampMs)
                {
                    SortRunByTime(run);
                    break;
                }
            }

            start = end;
        }

        return keys;
    }

    /// <summary>
    /// Sorts one vehicle's run by (timestamp, arrival): a primitive key/item sort on the timestamps (much faster than
    /// a comparer over structs), then arrival order restored within each group of equal timestamps.
    /// </summary>
    private void SortRunByTime(Span<SortKey> run)
    {
        if (_runTimes.Length < run.Length)
        {
            _runTimes = new long[Math.Max(run.Length, _runTimes.Length * 2)];
            _runRows = new int[_runTimes.Length];
        }

        Span<long> times = _runTimes.AsSpan(0, run.Length);
        Span<int> rowsOfRun = _runRows.AsSpan(0, run.Length);
        for (int i = 0; i < run.Length; i++)
        {
            times[i] = run[i].TimestampMs;
            rowsOfRun[i] = run[i].Index;
        }

        times.Sort(rowsOfRun);
        for (int start = 0; start < times.Length;)
        {
            int end = start + 1;
            while (end < times.Length && times[end] == times[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                rowsOfRun[start..end].Sort();
            }

            start = end;
        }

        int rank = run[0].Rank;
        for (int i = 0; i < run.Length; i++)
        {
            run[i] = new SortKey(rank, times[i], rowsOfRun[i]);
        }
    }

    /// <summary>The interval (seconds, 1-second resolution) below which a fraction <paramref name="q"/> of intervals fall.</summary>
    public double? IntervalPercentileSeconds(double q)
    {
        long total = _intervalHistogram.Sum();
        if (total == 0)
        {
            return null;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * total)); // nearest-rank definition
        long seen = 0;
        for (int bin = 0; bin < _intervalHistogram.Length; bin++)
        {
            seen += _intervalHistogram[bin];
            if (seen >= rank)
            {
                return bin;
            }
        }

        return HistogramBins - 1;
    }

    private readonly record struct SortKey(int Rank, long TimestampMs, int Index);
}

/// <summary>A row rejected after the read phase, identified by its file and physical line.</summary>
internal readonly record struct LateReject(int FileIndex, long Line, RejectCode Code);
