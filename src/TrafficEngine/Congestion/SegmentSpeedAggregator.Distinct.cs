using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>Vehicle numbers up to this many are counted with a stamp per vehicle; larger ones by sorting each cell's.</summary>
    private const int StampLimit = 1 << 24;

    private int[] _sorted = [];
    private int[] _stamps = [];
    private int _stamp;

    /// <summary>
    /// Works out a closing bin's distinct vehicles per cell (into <see cref="_offset"/>) from its log of
    /// (arena position, vehicle): a counting sort that puts each cell's vehicles together (cells know their counts),
    /// then a sweep that counts each cell's distinct ones (one or two compared directly, more with a stamp per vehicle
    /// number). Every step is sequential or touches arrays of the bin's size.
    /// </summary>
    private void CountCells(int halfBin, ReadOnlySpan<long> log)
    {
        int cells = _binCells[halfBin];
        Hot[] hot = _hot;
        int[] offset = _offset;
        int[] next = _nextBlock;
        int total = 0;
        for (int i = 0, block = _firstBlock[halfBin]; i < cells; i += BlockCells, block = next[block])
        {
            for (int p = block * BlockCells, last = p + Math.Min(BlockCells, cells - i); p < last; p++)
            {
                offset[p] = total;
                total += hot[p].Count;
            }
        }

        if (_sorted.Length < log.Length)
        {
            _sorted = GC.AllocateUninitializedArray<int>(Math.Max(log.Length, _sorted.Length * 2));
        }

        int[] sorted = _sorted;
        int largest = 0;
        ref int offset0 = ref MemoryMarshal.GetArrayDataReference(offset);
        ref int sorted0 = ref MemoryMarshal.GetArrayDataReference(sorted);
        foreach (long entry in log)
        {
            // Positions are the bin's arena positions, and the offsets add up to the log's length.
            ref int at = ref Unsafe.Add(ref offset0, (int)(entry >> 32));
            Unsafe.Add(ref sorted0, at++) = (int)entry;
            largest = Math.Max(largest, (int)entry);
        }

        // offset[p] is now the end of cell p's vehicles; it becomes the cell's distinct count.
        bool stamps = largest < StampLimit;
        if (stamps && _stamps.Length <= largest)
        {
            _stamps = new int[Math.Max(largest + 1, _stamps.Length * 2)];
            _stamp = 0;
        }

        for (int i = 0, block = _firstBlock[halfBin]; i < cells; i += BlockCells, block = next[block])
        {
            for (int p = block * BlockCells, last = p + Math.Min(BlockCells, cells - i); p < last; p++)
            {
                int k = hot[p].Count;
                int end = offset[p];
                if (k == 1)
                {
                    offset[p] = 1;
                }
                else if (k == 2)
                {
                    offset[p] = sorted[end - 1] == sorted[end - 2] ? 1 : 2;
                }
                else
                {
                    offset[p] = stamps ? CountByStamp(sorted.AsSpan(end - k, k)) : CountBySort(sorted.AsSpan(end - k, k));
                }
            }
        }
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
}
