namespace TrafficEngine.MapMatching;

/// <summary>
/// The match of one vehicle's fixes, as flat arrays indexed by fix (reused between calls by the batch matcher).
/// <see cref="Edges"/> is the dense index of the edge each fix was matched to, or -1 for a fix no edge lies within the
/// search radius of: that fix is <em>unmatched</em> and its offset, distance, piece and confidence are NaN or -1.
/// A trajectory is cut into <em>pieces</em> at breaks (long time gaps, impossible transitions); each piece is matched
/// on its own and numbered from 0.
/// </summary>
public sealed class TrajectoryMatch
{
    private int[] _edges = [];
    private double[] _offsets = [];
    private double[] _distances = [];
    private int[] _pieces = [];
    private double[] _confidence = [];

    public int FixCount { get; private set; }

    public ReadOnlySpan<int> Edges => _edges.AsSpan(0, FixCount);

    public ReadOnlySpan<double> OffsetsMetres => _offsets.AsSpan(0, FixCount);

    public ReadOnlySpan<double> DistancesMetres => _distances.AsSpan(0, FixCount);

    public ReadOnlySpan<int> Pieces => _pieces.AsSpan(0, FixCount);

    /// <summary>
    /// Per fix: the share of the forward Viterbi probability mass (max-product, normalised over the fix's candidates)
    /// held by the chosen candidate; 1 when nothing else was plausible, near 1/k when k candidates were equally good.
    /// </summary>
    public ReadOnlySpan<double> Confidence => _confidence.AsSpan(0, FixCount);

    /// <summary>Edge traversals in driving order.</summary>
    public List<Traversal> Traversals { get; } = [];

    /// <summary>Fixes with no edge within the search radius.</summary>
    public int NoCandidateFixes { get; internal set; }

    /// <summary>Breaks for a time gap above <see cref="MatchOptions.GapBreakSeconds"/>.</summary>
    public int GapBreaks { get; internal set; }

    /// <summary>Breaks because no candidate pair had a route within bounds at a possible speed.</summary>
    public int ImpossibleBreaks { get; internal set; }

    /// <summary>Pieces matched (0 when no fix had a candidate).</summary>
    public int PieceCount { get; internal set; }

    /// <summary>Consecutive fix pairs inside a stay (standing: no traversal) and their time, seconds.</summary>
    public int DwellPairs { get; internal set; }

    public double DwellSeconds { get; internal set; }

    /// <summary>Stays found (runs of fixes standing within the stay radius).</summary>
    public int Stays { get; internal set; }

    /// <summary>The stays as dwell records (where, when, how long), in time order: <see cref="Stays"/> of them.</summary>
    public List<Dwell> Dwells { get; } = [];

    /// <summary>Fix pairs into or out of a stay: left out of speeds.</summary>
    public int StayEdgePairs { get; internal set; }

    /// <summary>Fix pairs with a vacant end (occupied flag): left out of speeds.</summary>
    public int VacantPairs { get; internal set; }

    /// <summary>Occupied fix pairs into a drop-off or out of a pick-up (an end next to a vacant fix): left out of speeds.</summary>
    public int FareEndPairs { get; internal set; }

    /// <summary>Fix pairs inside a wandering stretch (low directness): left out of speeds.</summary>
    public int WanderingPairs { get; internal set; }

    internal Span<int> EdgesMutable => _edges.AsSpan(0, FixCount);

    internal Span<double> OffsetsMutable => _offsets.AsSpan(0, FixCount);

    internal Span<double> DistancesMutable => _distances.AsSpan(0, FixCount);

    internal Span<int> PiecesMutable => _pieces.AsSpan(0, FixCount);

    internal Span<double> ConfidenceMutable => _confidence.AsSpan(0, FixCount);

    internal void Reset(int fixCount)
    {
        if (_edges.Length < fixCount)
        {
            int size = Math.Max(fixCount, _edges.Length * 2);
            _edges = new int[size];
            _offsets = new double[size];
            _distances = new double[size];
            _pieces = new int[size];
            _confidence = new double[size];
        }

        FixCount = fixCount;
        EdgesMutable.Fill(-1);
        OffsetsMutable.Fill(double.NaN);
        DistancesMutable.Fill(double.NaN);
        PiecesMutable.Fill(-1);
        ConfidenceMutable.Fill(double.NaN);
        Traversals.Clear();
        Dwells.Clear();
        NoCandidateFixes = 0;
        GapBreaks = 0;
        ImpossibleBreaks = 0;
        PieceCount = 0;
        DwellPairs = 0;
        DwellSeconds = 0;
        Stays = 0;
        StayEdgePairs = 0;
        VacantPairs = 0;
        WanderingPairs = 0;
        FareEndPairs = 0;
    }
}
