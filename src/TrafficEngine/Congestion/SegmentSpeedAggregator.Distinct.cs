namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>Vehicle numbers up to this many are counted with a stamp per vehicle; larger ones by sorting each cell's.</summary>
    private const int StampLimit = 1 << 24;

    private int[] _sorted = [];
    private int[] _stamps = [];
    private int _stamp;

    /// <summary>
    /// Works out a closing bin's traversals (into <see cref="_count"/>) and distinct vehicles (into
    /// <see cref="_offset"/>) per cell from its log of (arena position, vehicle): a count per cell, a counting sort
    /// that puts each cell's vehicles together, then a sweep that counts each cell's distinct ones with a stamp per
    /// vehicle number. Every step is sequential or touches arrays of the bin's size.
    /// </summary>
    private void CountCells(int halfBin, ReadOnlySpan<long> log)
    {
        int cells = _binCells[halfBin];
        int[] count = _count;
        int[] offset = _offset;
        ForEachBlock(halfBin, cells, (first, n) => count.AsSpan(first, n).Clear());
        int largest = 0;
        foreach (long entry in log)
        {
            count[(int)(entry >> 32)]++;
            largest = Math.Max(largest, (int)entry);
        }

        int total = 0;
        ForEachBlock(halfBin, cells, (first, n) =>
        {
            for (int p = first; p < first + n; p++)
            {
                offset[p] = total;
                total += count[p];
            }
        });

        if (_sorted.Length < log.Length)
        {
            _sorted = GC.AllocateUninitializedArray<int>(Math.Max(log.Length, _sorted.Length * 2));
        }

        int[] sorted = _sorted;
        foreach (long entry in log)
        {
            sorted[offset[(int)(entry >> 32)]++] = (int)entry;
        }

        // offset[p] is now the end of cell p's vehicles; it becomes the cell's distinct count.
        bool stamps = largest < StampLimit;
        if (stamps && _stamps.Length <= largest)
        {
            _stamps = new int[Math.Max(largest + 1, _stamps.Length * 2)];
            _stamp = 0;
        }

        ForEachBlock(halfBin, cells, (first, n) =>
        {
            for (int p = first; p < first + n; p++)
            {
                int k = count[p];
                int end = offset[p];
                offset[p] = k switch
                {
                    1 => 1,
                    2 => sorted[end - 1] == sorted[end - 2] ? 1 : 2,
                    _ => stamps ? CountByStamp(sorted.AsSpan(end - k, k)) : CountBySort(sorted.AsSpan(end - k, k)),
                };
            }
        });
    }

    private int CountByStamp(ReadOnlySpan<int> vehicles)
    {
        if (_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 0;
        }

        int stamp = ++_stamp;
        int[] stamps = _stamps;
        int distinct = 0;
        foreach (int vehicle in vehicles)
        {
            if (stamps[vehicle] != stamp)
            {
                stamps[vehicle] = stamp;
                distinct++;
            }
        }

        return distinct;
    }

    private static int CountBySort(Span<int> vehicles)
    {
        vehicles.Sort();
        int distinct = 1;
        for (int k = 1; k < vehicles.Length; k++)
        {
            distinct += vehicles[k] != vehicles[k - 1] ? 1 : 0;
        }

        return distinct;
    }

    /// <summary>Calls <paramref name="action"/> with the first arena position and the cell count of each of a bin's blocks, in order.</summary>
    private void ForEachBlock(int halfBin, int cells, Action<int, int> action)
    {
        int block = _firstBlock[halfBin];
        for (int i = 0; i < cells; i += BlockCells)
        {
            action(block * BlockCells, Math.Min(BlockCells, cells - i));
            block = _nextBlock[block];
        }
    }
}
