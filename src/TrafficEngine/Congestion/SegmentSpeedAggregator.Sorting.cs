namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>
    /// The path for input that is not time-ordered (the matcher writes traversals by vehicle, then time): the rows are
    /// grouped by local day and, within a day, by bin (stable counting sorts, so a bin's rows keep their input order),
    /// each day's rows are gathered into flat columns in that order, and the day streams through
    /// <see cref="Accumulate"/> closing its bins behind it. Random access over a whole day's cells and slot table
    /// missed the cache on every row; the gather costs one pass of independent reads. Memory: the largest day's rows.
    /// </summary>
    private (long Rejected, long Implausible) AccumulateByBin(ReadOnlySpan<int> edges, ReadOnlySpan<int> vehicles,
        ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs, ReadOnlySpan<double> metres)
    {
        (int[] order, int[] dayStarts, long firstDay) = OrderByDay(enterMs, exitMs);
        int largest = 0;
        for (int d = 0; d + 1 < dayStarts.Length; d++)
        {
            largest = Math.Max(largest, dayStarts[d + 1] - dayStarts[d]);
        }

        var dayEdges = GC.AllocateUninitializedArray<int>(largest);
        var dayVehicles = GC.AllocateUninitializedArray<int>(largest);
        var dayEnter = GC.AllocateUninitializedArray<long>(largest);
        var dayExit = GC.AllocateUninitializedArray<long>(largest);
        var dayMetres = GC.AllocateUninitializedArray<double>(largest);
        var next = new int[_binsPerDay + 1];
        long rejected = 0, implausible = 0;
        for (int d = 0; d + 1 < dayStarts.Length; d++)
        {
            ReadOnlySpan<int> rows = order.AsSpan(dayStarts[d], dayStarts[d + 1] - dayStarts[d]);
            if (rows.IsEmpty)
            {
                continue;
            }

            long midnight = ((firstDay + d) * DayMs) - BeijingOffsetMs;
            Array.Clear(next);
            foreach (int r in rows)
            {
                next[BinOfDay(enterMs[r], exitMs[r], midnight) + 1]++;
            }

            for (int b = 1; b < next.Length; b++)
            {
                next[b] += next[b - 1];
            }

            foreach (int r in rows)
            {
                int at = next[BinOfDay(enterMs[r], exitMs[r], midnight)]++;
                dayEdges[at] = edges[r];
                dayVehicles[at] = vehicles[r];
                dayEnter[at] = enterMs[r];
                dayExit[at] = exitMs[r];
                dayMetres[at] = metres[r];
            }

            int n = rows.Length;
            Pass pass = Accumulate(dayEdges.AsSpan(0, n), dayVehicles.AsSpan(0, n), dayEnter.AsSpan(0, n), dayExit.AsSpan(0, n),
                dayMetres.AsSpan(0, n), out long dayRejected, out long dayImplausible);
            if (pass != Pass.Done)
            {
                throw new InvalidOperationException("Rows ordered by day and bin went back in time."); // cannot happen
            }

            rejected += dayRejected;
            implausible += dayImplausible;
        }

        return (rejected, implausible);
    }

    /// <summary>Row indexes grouped by the local day of their midpoint (stable), where each day starts, and the first day.</summary>
    private static (int[] Order, int[] DayStarts, long FirstDay) OrderByDay(ReadOnlySpan<long> enterMs, ReadOnlySpan<long> exitMs)
    {
        long first = long.MaxValue, last = long.MinValue;
        for (int i = 0; i < enterMs.Length; i++)
        {
            long day = LocalDay(enterMs[i], exitMs[i]);
            first = Math.Min(first, day);
            last = Math.Max(last, day);
        }

        if (enterMs.IsEmpty)
        {
            return ([], [0], 0);
        }

        if (last - first > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(enterMs), "Traversal times span more than 100,000 days.");
        }

        var starts = new int[(int)(last - first) + 2];
        for (int i = 0; i < enterMs.Length; i++)
        {
            starts[LocalDay(enterMs[i], exitMs[i]) - first + 1]++;
        }

        for (int d = 1; d < starts.Length; d++)
        {
            starts[d] += starts[d - 1];
        }

        int[] next = starts[..^1];
        var order = new int[enterMs.Length];
        for (int i = 0; i < enterMs.Length; i++)
        {
            order[next[LocalDay(enterMs[i], exitMs[i]) - first]++] = i;
        }

        return (order, starts, first);
    }

    /// <summary>The Beijing local day of a traversal's midpoint (rejected rows give some day; they are skipped later).</summary>
    private static long LocalDay(long enter, long exit) => FloorDiv(enter + ((exit - enter) / 2) + BeijingOffsetMs, DayMs);

    /// <summary>The bin of its day (starting at <paramref name="midnight"/>, UTC ms) that holds a traversal's midpoint.</summary>
    private int BinOfDay(long enter, long exit, long midnight) => (int)((enter + ((exit - enter) / 2) - midnight) / _binMs);
}
