using System.Numerics;

namespace TrafficEngine.Congestion;

/// <summary>
/// Distinct vehicles of the busy cells of <see cref="SegmentSpeedAggregator"/>, past its inline slots: one small
/// open-addressing table per cell (linear probing, power-of-two capacity, at most half full) in an arena shared by the
/// cells of one bin. A cell's table is contiguous, so a busy bin's lookups stay in cache (a set shared by every
/// cell of the day missed the cache on nearly every probe); a table about to pass half full is copied into one twice
/// as large, and the old space is given up until the bin is emitted.
/// </summary>
internal sealed class VehicleTables
{
    private const int Empty = -1;
    private const int FirstCapacity = 32;
    private int[] _arena = new int[1 << 10];
    private int _used;

    /// <summary>A new table holding <paramref name="vehicles"/> (distinct, non-negative); returns its offset and capacity.</summary>
    public (int Offset, int Capacity) Create(ReadOnlySpan<int> vehicles)
    {
        int capacity = Math.Max(FirstCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)vehicles.Length * 2));
        int offset = Allocate(capacity);
        Span<int> table = _arena.AsSpan(offset, capacity);
        foreach (int vehicle in vehicles)
        {
            Insert(table, vehicle);
        }

        return (offset, capacity);
    }

    /// <summary>
    /// Adds <paramref name="vehicle"/> to the table at <paramref name="offset"/> holding <paramref name="count"/>
    /// vehicles; true when it was not there. Moves the table (updating offset and capacity) when it would pass half full.
    /// </summary>
    public bool Add(ref int offset, ref int capacity, int count, int vehicle)
    {
        if (!Insert(_arena.AsSpan(offset, capacity), vehicle))
        {
            return false;
        }

        if ((count + 1) * 2 > capacity)
        {
            int larger = capacity * 2;
            int moved = Allocate(larger);
            Span<int> next = _arena.AsSpan(moved, larger);
            foreach (int v in _arena.AsSpan(offset, capacity))
            {
                if (v != Empty)
                {
                    Insert(next, v);
                }
            }

            offset = moved;
            capacity = larger;
        }

        return true;
    }

    /// <summary>Gives up every table (their bin was emitted, or the pass starts again).</summary>
    public void Clear() => _used = 0;

    private int Allocate(int capacity)
    {
        if (_used + capacity > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + capacity));
        }

        int offset = _used;
        _used += capacity;
        _arena.AsSpan(offset, capacity).Fill(Empty);
        return offset;
    }

    /// <summary>Inserts into a table with a free slot (Fibonacci hashing, linear probing); false when the vehicle was there.</summary>
    private static bool Insert(Span<int> table, int vehicle)
    {
        int mask = table.Length - 1;
        int i = (int)(((uint)vehicle * 0x9E3779B1u) >> (32 - BitOperations.Log2((uint)table.Length)));
        while (true)
        {
            int existing = table[i];
            if (existing == vehicle)
            {
                return false;
            }

            if (existing == Empty)
            {
                table[i] = vehicle;
                return true;
            }

            i = (i + 1) & mask;
        }
    }
}
