namespace TrafficEngine.Geo;

/// <summary>
/// Edge id to dense edge index without hashing on the hot path: a flat array when the ids are compact (at most four
/// times as many possible ids as edges, as with a source's 0-based edge ids), else a binary search over sorted ids.
/// </summary>
public sealed class EdgeIdLookup
{
    private readonly long _minId;
    private readonly int[]? _direct;
    private readonly long[]? _sortedIds;
    private readonly int[]? _sortedIndex;

    private EdgeIdLookup(long minId, int[]? direct, long[]? sortedIds, int[]? sortedIndex)
    {
        _minId = minId;
        _direct = direct;
        _sortedIds = sortedIds;
        _sortedIndex = sortedIndex;
    }

    public static EdgeIdLookup For(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ReadOnlySpan<long> ids = network.EdgeIds;
        if (ids.IsEmpty)
        {
            return new EdgeIdLookup(0, [], null, null);
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (long id in ids)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }

        if ((ulong)(max - min) < (ulong)ids.Length * 4)
        {
            var direct = new int[max - min + 1];
            Array.Fill(direct, -1);
            for (int e = 0; e < ids.Length; e++)
            {
                direct[ids[e] - min] = e;
            }

            return new EdgeIdLookup(min, direct, null, null);
        }

        long[] sorted = ids.ToArray();
        int[] index = [.. Enumerable.Range(0, sorted.Length)];
        Array.Sort(sorted, index);
        return new EdgeIdLookup(min, null, sorted, index);
    }

    /// <summary>The dense index of an edge id, or -1.</summary>
    public int Find(long edgeId)
    {
        if (_direct is not null)
        {
            ulong i = (ulong)(edgeId - _minId);
            return i < (ulong)_direct.Length ? _direct[i] : -1;
        }

        int at = Array.BinarySearch(_sortedIds!, edgeId);
        return at >= 0 ? _sortedIndex![at] : -1;
    }
}
