using System.Runtime.CompilerServices;

namespace TrafficEngine.Ingest;

/// <summary>
/// Orders rows by (vehicle rank, timestamp, arrival) as an index permutation: a stable counting sort by vehicle, then
/// a sort by time of each vehicle's run only where the run is not already in time order (probe files usually are,
/// per vehicle). Buffers are reused from one call to the next.
/// </summary>
internal sealed class RowOrder
{
    private readonly int[] _rankByVehicle;
    private readonly int[] _rowsPerVehicle;
    private int[] _order = new int[1024];
    private int[] _vehiclesHere = new int[64];
    private long[] _runTimes = new long[1024];
    private int[] _runRows = new int[1024];

    public RowOrder(int[] rankByVehicle)
    {
        _rankByVehicle = rankByVehicle;
        _rowsPerVehicle = new int[rankByVehicle.Length];
    }

    /// <summary>The sorted row indices (valid until the next call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<int> Sort(ProbeRows rows)
    {
        int n = rows.Count;
        if (_order.Length < n)
        {
            _order = GC.AllocateUninitializedArray<int>(Math.Max(n, _order.Length * 2)); // every slot below n is written first
        }

        int[] vehicles = rows.Vehicle;
        int[] counts = _rowsPerVehicle;
        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            int vehicle = vehicles[i];
            if (counts[vehicle]++ == 0)
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
            int count = counts[vehicle];
            counts[vehicle] = offset; // from here on: the next free slot of the vehicle's run
            offset += count;
        }

        int[] order = _order;
        for (int i = 0; i < n; i++)
        {
            order[counts[vehicles[i]]++] = i;
        }

        long[] ts = rows.TimestampMs;
        int start = 0;
        foreach (int vehicle in vehiclesHere)
        {
            int end = counts[vehicle];
            counts[vehicle] = 0;
            for (int i = start + 1; i < end; i++)
            {
                if (ts[order[i]] < ts[order[i - 1]])
                {
                    SortRunByTime(ts, order.AsSpan(start, end - start));
                    break;
                }
            }

            start = end;
        }

        return order.AsSpan(0, n);
    }

    /// <summary>
    /// Sorts one vehicle's run by (timestamp, arrival): a primitive key/item sort on the timestamps (much faster than
    /// a comparer), then arrival order (row index) restored within each group of equal timestamps.
    /// </summary>
    private void SortRunByTime(long[] ts, Span<int> run)
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
            times[i] = ts[run[i]];
            rowsOfRun[i] = run[i];
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

        rowsOfRun.CopyTo(run);
    }
}
