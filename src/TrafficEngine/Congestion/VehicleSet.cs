namespace TrafficEngine.Congestion;

/// <summary>
/// Open-addressing set of (cell, vehicle) pairs for the busy cells whose distinct vehicles no longer fit the inline
/// slots of <see cref="SegmentSpeedAggregator"/>. Linear probing over a power-of-two table of packed 64-bit keys.
/// </summary>
internal sealed class VehicleSet
{
    private const long Empty = -1;
    private long[] _keys = CreateTable(1024);
    private int _count;

    /// <summary>Adds the pair; true when it was not there.</summary>
    public bool Add(int cell, int vehicle)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        long key = ((long)cell << 32) | (uint)vehicle;
        return Insert(_keys, key);
    }

    /// <summary>Empties the set, keeping its table.</summary>
    public void Clear()
    {
        if (_count > 0)
        {
            Array.Fill(_keys, Empty);
            _count = 0;
        }
    }

    private bool Insert(long[] keys, long key)
    {
        int mask = keys.Length - 1;
        int i = (int)(Mix(key) & (ulong)mask);
        while (true)
        {
            long existing = keys[i];
            if (existing == key)
            {
                return false;
            }

            if (existing == Empty)
            {
                keys[i] = key;
                _count++;
                return true;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        long[] old = _keys;
        _keys = CreateTable(old.Length * 2);
        _count = 0;
        foreach (long key in old)
        {
            if (key != Empty)
            {
                Insert(_keys, key);
            }
        }
    }

    private static long[] CreateTable(int size)
    {
        var table = new long[size];
        Array.Fill(table, Empty);
        return table;
    }

    private static ulong Mix(long key)
    {
        ulong x = (ulong)key * 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 29);
    }
}
