namespace TrafficEngine.Geo.Import;

/// <summary>
/// Stable edge identifiers for sources without their own edge ids. An OSM way's piece (the stretch between two
/// junctions, numbered from 0 along the way) in a direction gets <c>(wayId &lt;&lt; 12) | (piece &lt;&lt; 1) | reverse</c>,
/// so the id reads back as way, piece and direction. Way ids outside 0..2^50 (negative ids of unsaved edits) and piece
/// numbers of 2048 and more get a 62-bit hash of the three with bit 62 set, which never meets a composed id.
/// The same source therefore gives the same ids on every import.
/// </summary>
public static class EdgeIds
{
    private const int PieceBits = 11;
    private const long MaxWay = 1L << 50;

    public static long Compose(long sourceId, int piece, bool reverse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        if (sourceId >= 0 && sourceId < MaxWay && piece < (1 << PieceBits))
        {
            return (sourceId << (PieceBits + 1)) | ((long)piece << 1) | (reverse ? 1L : 0L);
        }

        return Hash(sourceId, piece, reverse ? 1 : 0);
    }

    /// <summary>A deterministic 62-bit id with bit 62 set, from three numbers (SplitMix64 finaliser chain).</summary>
    public static long Hash(long a, long b, long c)
    {
        ulong h = Mix((ulong)a ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)b);
        h = Mix(h ^ (ulong)c);
        return (long)(h & ((1UL << 62) - 1)) | (1L << 62);
    }

    /// <summary>Splits a composed id into way, piece and direction; false for a hashed id.</summary>
    public static bool TryDecompose(long edgeId, out long sourceId, out int piece, out bool reverse)
    {
        bool composed = edgeId >= 0 && (edgeId & (1L << 62)) == 0;
        sourceId = composed ? edgeId >> (PieceBits + 1) : -1;
        piece = composed ? (int)((edgeId >> 1) & ((1 << PieceBits) - 1)) : -1;
        reverse = composed && (edgeId & 1) == 1;
        return composed;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
