using System.Runtime.CompilerServices;

namespace TrafficEngine.Ingest;

/// <summary>
/// The second phase of the ingest, one group of whole vehicles at a time: orders the rows by (vehicle rank,
/// timestamp, arrival) as an index permutation (nothing is moved), drops duplicates and drift, records sampling
/// intervals, and returns the kept rows' indices in output order.
/// <para>
/// Rules per vehicle, in time order: a fix with the timestamp of the previous kept fix is a duplicate. A fix whose
/// implied speed from the previous kept fix is above the limit is drift, unless the look-ahead overturns it: when the
/// fix agrees (speed within the limit) with each of its next <see cref="LookAheadFixes"/> fixes (later timestamps)
/// while the previous kept fix agrees with none of them, the previous kept fix is the bad one. It is then rejected as
/// drift instead, and the fix is checked again against the kept fix before it (and so on). This keeps a vehicle
/// whose first fix, or first fix after a long gap, is bad from losing its good fixes that follow.
/// </para>
/// </summary>
internal sealed class PartitionCleaner
{
    /// <summary>How many following fixes the drift look-ahead compares with.</summary>
    public const int LookAheadFixes = 2;

    /// <summary>Sampling-interval histogram: 1-second bins up to a week, the last bin holding anything longer.</summary>
    private const int HistogramBins = (7 * 86400) + 1;

    private readonly DriftCheck _drift;
    private readonly long[] _intervalHistogram = new long[HistogramBins];
    private readonly RowOrder _order;
    private int[] _kept = new int[1024];

    public PartitionCleaner(int[] rankByVehicle, double maxSpeedKmh)
    {
        _drift = new DriftCheck(maxSpeedKmh);
        _order = new RowOrder(rankByVehicle);
    }

    public long Kept { get; private set; }

    public long Duplicates { get; private set; }

    public long Drift { get; private set; }

    public long? FirstTimestampMs { get; private set; }

    public long? LastTimestampMs { get; private set; }

    /// <summary>Rows dropped here, to quarantine later by re-reading their lines.</summary>
    public List<LateReject> LateRejects { get; } = [];

    /// <summary>Cleans one group of whole vehicles; returns the kept rows' indices in output order (valid until the next call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<int> Clean(ProbeRows rows)
    {
        int n = rows.Count;
        if (n == 0)
        {
            return default;
        }

        ReadOnlySpan<int> order = _order.Sort(rows);
        if (_kept.Length < n)
        {
            _kept = GC.AllocateUninitializedArray<int>(Math.Max(n, _kept.Length * 2)); // written before read
        }

        int[] kept = _kept;
        int[] vehicles = rows.Vehicle;
        long[] ts = rows.TimestampMs;
        double[] lon = rows.Lon;
        double[] lat = rows.Lat;
        int keptCount = 0;
        int runStart = 0; // index in kept of the current vehicle's first kept fix
        int vehicle = -1;
        for (int k = 0; k < order.Length; k++)
        {
            int row = order[k];
            if (vehicles[row] != vehicle)
            {
                vehicle = vehicles[row];
                runStart = keptCount;
                kept[keptCount++] = row;
                continue;
            }

            if (keptCount > runStart)
            {
                int previous = kept[keptCount - 1];
                if (ts[row] == ts[previous])
                {
                    Reject(rows, row, RejectCode.Duplicate);
                    continue;
                }

                if (!_drift.IsPlausible(ts[previous], lon[previous], lat[previous], ts[row], lon[row], lat[row]))
                {
                    // Drift against the previous kept fix: reject that one instead while the look-ahead says so.
                    while (keptCount > runStart && !PlausibleAfter(rows, kept[keptCount - 1], row))
                    {
                        if (!LookAheadOverturns(rows, order, k, kept[keptCount - 1]))
                        {
                            break;
                        }

                        Reject(rows, kept[--keptCount], RejectCode.Drift);
                    }

                    if (keptCount > runStart && !PlausibleAfter(rows, kept[keptCount - 1], row))
                    {
                        Reject(rows, row, RejectCode.Drift);
                        continue;
                    }
                }
            }

            kept[keptCount++] = row;
        }

        ReadOnlySpan<int> result = kept.AsSpan(0, keptCount);
        RecordIntervals(rows, result);
        Kept += keptCount;
        return result;
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

    private bool PlausibleAfter(ProbeRows rows, int earlier, int later) => _drift.IsPlausible(
        rows.TimestampMs[earlier], rows.Lon[earlier], rows.Lat[earlier], rows.TimestampMs[later], rows.Lon[later], rows.Lat[later]);

    /// <summary>
    /// Whether the fix at <paramref name="k"/> agrees with each of its next fixes (up to <see cref="LookAheadFixes"/>
    /// with later timestamps, same vehicle) while <paramref name="previous"/> agrees with none; false when it has none.
    /// </summary>
    private bool LookAheadOverturns(ProbeRows rows, ReadOnlySpan<int> order, int k, int previous)
    {
        int row = order[k];
        int vehicle = rows.Vehicle[row];
        int seen = 0;
        for (int j = k + 1; j < order.Length && seen < LookAheadFixes; j++)
        {
            int next = order[j];
            if (rows.Vehicle[next] != vehicle)
            {
                break;
            }

            if (rows.TimestampMs[next] == rows.TimestampMs[row])
            {
                continue;
            }

            if (!PlausibleAfter(rows, row, next) || PlausibleAfter(rows, previous, next))
            {
                return false;
            }

            seen++;
        }

        return seen > 0;
    }

    private void Reject(ProbeRows rows, int row, RejectCode code)
    {
        if (code == RejectCode.Duplicate)
        {
            Duplicates++;
        }
        else
        {
            Drift++;
        }

        LateRejects.Add(new LateReject(rows.FileIndex[row], rows.Line[row], code));
    }

    /// <summary>Intervals between consecutive kept fixes of each vehicle, and the time span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RecordIntervals(ProbeRows rows, ReadOnlySpan<int> kept)
    {
        int[] vehicles = rows.Vehicle;
        long[] ts = rows.TimestampMs;
        long first = FirstTimestampMs ?? long.MaxValue;
        long last = LastTimestampMs ?? long.MinValue;
        int previousVehicle = -1;
        long previousTs = 0;
        foreach (int row in kept)
        {
            long t = ts[row];
            if (vehicles[row] == previousVehicle)
            {
                _intervalHistogram[Math.Min((t - previousTs) / 1000, HistogramBins - 1)]++;
            }

            previousVehicle = vehicles[row];
            previousTs = t;
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        FirstTimestampMs = first;
        LastTimestampMs = last;
    }
}

/// <summary>A row rejected after the read phase, identified by its file and physical line.</summary>
internal readonly record struct LateReject(int FileIndex, long Line, RejectCode Code);
