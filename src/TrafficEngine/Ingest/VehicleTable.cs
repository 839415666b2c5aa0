namespace TrafficEngine.Ingest;

/// <summary>
/// Maps raw vehicle ids (UTF-8 bytes) to dense ordinals in order of first appearance, computing each vehicle's
/// pseudonym once. Open addressing over a byte arena: no allocation per lookup.
/// </summary>
internal sealed class VehicleTable
{
    private readonly Pseudonymizer _pseudonymizer;
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private int[] _keyStart = new int[256];
    private int[] _keyLength = new int[256];
    private int[] _hashes = new int[256];
    private byte[] _pseudonyms = new byte[256 * Pseudonymizer.PseudonymLength];
    private int[] _slots = new int[1024]; // ordinal + 1; 0 = empty

    public VehicleTable(Pseudonymizer pseudonymizer) => _pseudonymizer = pseudonymizer;

    public int Count { get; private set; }

    /// <summary>The 17 ASCII bytes of the pseudonym of a vehicle.</summary>
    public ReadOnlySpan<byte> Pseudonym(int ordinal) =>
        _pseudonyms.AsSpan(ordinal * Pseudonymizer.PseudonymLength, Pseudonymizer.PseudonymLength);

    /// <summary>The pseudonyms of all vehicles back to back, <see cref="Pseudonymizer.PseudonymLength"/> bytes each, by ordinal.</summary>
    public ReadOnlySpan<byte> AllPseudonyms => _pseudonyms.AsSpan(0, Count * Pseudonymizer.PseudonymLength);

    /// <summary>Output partition of a vehicle: the first HMAC byte, so partition order is pseudonym order.</summary>
    public int Partition(int ordinal)
    {
        ReadOnlySpan<byte> p = Pseudonym(ordinal);
        return (HexValue(p[1]) << 4) | HexValue(p[2]);
    }

    public int GetOrAdd(ReadOnlySpan<byte> rawId)
    {
        int hash = Hash(rawId);
        int mask = _slots.Length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                int ordinal = Add(rawId, hash);
                _slots[slot] = ordinal + 1;
                if (Count * 2 > _slots.Length)
                {
                    Rehash();
                }

                return ordinal;
            }

            int candidate = entry - 1;
            if (_hashes[candidate] == hash && _arena.AsSpan(_keyStart[candidate], _keyLength[candidate]).SequenceEqual(rawId))
            {
                return candidate;
            }
        }
    }

    /// <summary>Rank of every ordinal when vehicles are sorted by (pseudonym, ordinal).</summary>
    public int[] RankByPseudonym()
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        byte[] pseudonyms = _pseudonyms;
        Array.Sort(order, (a, b) =>
        {
            int c = pseudonyms.AsSpan(a * Pseudonymizer.PseudonymLength, Pseudonymizer.PseudonymLength)
                .SequenceCompareTo(pseudonyms.AsSpan(b * Pseudonymizer.PseudonymLength, Pseudonymizer.PseudonymLength));
            return c != 0 ? c : a.CompareTo(b);
        });
        int[] rank = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        return rank;
    }

    private static int HexValue(byte c) => c <= (byte)'9' ? c - '0' : c - 'a' + 10;

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = default(HashCode);
        hash.AddBytes(key);
        return hash.ToHashCode();
    }

    private int Add(ReadOnlySpan<byte> rawId, int hash)
    {
        int ordinal = Count;
        if (ordinal == _keyStart.Length)
        {
            Array.Resize(ref _keyStart, ordinal * 2);
            Array.Resize(ref _keyLength, ordinal * 2);
            Array.Resize(ref _hashes, ordinal * 2);
            Array.Resize(ref _pseudonyms, ordinal * 2 * Pseudonymizer.PseudonymLength);
        }

        if (_arenaLength + rawId.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + rawId.Length));
        }

        rawId.CopyTo(_arena.AsSpan(_arenaLength));
        _keyStart[ordinal] = _arenaLength;
        _keyLength[ordinal] = rawId.Length;
        _arenaLength += rawId.Length;
        _hashes[ordinal] = hash;
        _pseudonymizer.Pseudonymize(rawId, _pseudonyms.AsSpan(ordinal * Pseudonymizer.PseudonymLength));
        Count++;
        return ordinal;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int ordinal = 0; ordinal < Count; ordinal++)
        {
            int slot = _hashes[ordinal] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = ordinal + 1;
        }
    }
}
