using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;
using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Spatial index of every straight piece of every edge geometry, cut into sub-segments of at most 200 m, in a <see cref="LocalProjection"/> around
/// the network's centre. Built with a NetTopologySuite <see cref="STRtree{T}"/> (sort-tile-recursive packing), then
/// copied into flat arrays: nodes with their bounds and child ranges, segments reordered so each leaf's segments are
/// one contiguous range. Queries walk the packed copy with a stack on the caller's stack: no allocation, thread-safe.
/// <see cref="QueryTree"/> keeps the NetTopologySuite query for comparison in the benchmarks.
/// </summary>
public sealed partial class EdgeSegmentIndex
{
    private const int NodeCapacity = 16;

    /// <summary>
    /// Geometry pieces longer than this are indexed as several sub-segments, so a few long straight edges (chords up
    /// to 26 km in the Beijing data) do not give tree nodes huge bounds that every query has to open.
    /// </summary>
    private const double MaxSegmentMetres = 200;

    /// <summary>At most this many distinct edges are considered per query (the scratch span's length, capped).</summary>
    private const int MaxHits = 256;
    private readonly STRtree<int> _tree;
    private readonly int[] _segmentEdge;
    private readonly double[] _segmentStartOffset;
    private readonly double[] _segmentLength;
    // Segment i runs from (_ax, _ay) along (_dx, _dy); _inverseLength2 is 1 / (dx^2 + dy^2), or 0 for a point. Each
    // array has Vector256<double>.Count spare entries at the end, so a leaf's last vector load stays inside it.
    private readonly double[] _ax;
    private readonly double[] _ay;
    private readonly double[] _dx;
    private readonly double[] _dy;
    private readonly double[] _inverseLength2;
    // Node bounds as four arrays (padded by one vector), so four sibling nodes are tested at once.
    private readonly double[] _nodeMinX;
    private readonly double[] _nodeMinY;
    private readonly double[] _nodeMaxX;
    private readonly double[] _nodeMaxY;
    private readonly int[] _nodeFirst;
    private readonly int[] _nodeCount;
    private readonly bool[] _nodeIsLeaf;
    private readonly int[] _packedOfOriginal;

    public EdgeSegmentIndex(RoadNetwork network, LocalProjection projection)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Projection = projection;
        var edge = new List<int>();
        var start = new List<double>();
        var length = new List<double>();
        var ax = new List<double>();
        var ay = new List<double>();
        var bx = new List<double>();
        var by = new List<double>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            ReadOnlySpan<double> lon = network.EdgeLon(e);
            ReadOnlySpan<double> lat = network.EdgeLat(e);
            double along = 0;
            for (int p = 1; p < lon.Length; p++)
            {
                double pieceLength = GreatCircle.DistanceMetres(lon[p - 1], lat[p - 1], lon[p], lat[p]);
                double x0 = projection.X(lon[p - 1]), y0 = projection.Y(lat[p - 1]);
                double x1 = projection.X(lon[p]), y1 = projection.Y(lat[p]);
                int parts = Math.Max(1, (int)Math.Ceiling(pieceLength / MaxSegmentMetres));
                for (int k = 0; k < parts; k++)
                {
                    double f0 = (double)k / parts, f1 = (double)(k + 1) / parts;
                    edge.Add(e);
                    start.Add(along + (f0 * pieceLength));
                    length.Add((f1 - f0) * pieceLength);
                    ax.Add(x0 + (f0 * (x1 - x0)));
                    ay.Add(y0 + (f0 * (y1 - y0)));
                    bx.Add(x0 + (f1 * (x1 - x0)));
                    by.Add(y0 + (f1 * (y1 - y0)));
                }

                along += pieceLength;
            }
        }

        int count = edge.Count;
        _tree = new STRtree<int>(NodeCapacity);
        for (int s = 0; s < count; s++)
        {
            _tree.Insert(new Envelope(ax[s], bx[s], ay[s], by[s]), s);
        }

        _tree.Build();
        var nodeBounds = new List<double>();
        var nodeFirst = new List<int>();
        var nodeCount = new List<int>();
        var nodeIsLeaf = new List<bool>();
        var order = new List<int>(count);
        if (count > 0)
        {
            Pack(_tree.Root, nodeBounds, nodeFirst, nodeCount, nodeIsLeaf, order);
        }

        _segmentEdge = new int[count];
        _segmentStartOffset = new double[count];
        _segmentLength = new double[count];
        int padded = count + Vector256<double>.Count;
        _ax = new double[padded];
        _ay = new double[padded];
        _dx = new double[padded];
        _dy = new double[padded];
        _inverseLength2 = new double[padded];
        _packedOfOriginal = new int[count];
        for (int i = 0; i < order.Count; i++)
        {
            int o = order[i];
            _packedOfOriginal[o] = i;
            _segmentEdge[i] = edge[o];
            _segmentStartOffset[i] = start[o];
            _segmentLength[i] = length[o];
            _ax[i] = ax[o];
            _ay[i] = ay[o];
            _dx[i] = bx[o] - ax[o];
            _dy[i] = by[o] - ay[o];
            double length2 = (_dx[i] * _dx[i]) + (_dy[i] * _dy[i]);
            _inverseLength2[i] = length2 > 0 ? 1 / length2 : 0;
        }

        int nodes = nodeBounds.Count / 4;
        _nodeMinX = new double[nodes + Vector256<double>.Count];
        _nodeMinY = new double[nodes + Vector256<double>.Count];
        _nodeMaxX = new double[nodes + Vector256<double>.Count];
        _nodeMaxY = new double[nodes + Vector256<double>.Count];
        for (int n = 0; n < nodes; n++)
        {
            _nodeMinX[n] = nodeBounds[n * 4];
            _nodeMinY[n] = nodeBounds[(n * 4) + 1];
            _nodeMaxX[n] = nodeBounds[(n * 4) + 2];
            _nodeMaxY[n] = nodeBounds[(n * 4) + 3];
        }

        _nodeFirst = [.. nodeFirst];
        _nodeCount = [.. nodeCount];
        _nodeIsLeaf = [.. nodeIsLeaf];
    }

    public RoadNetwork Network { get; }

    public LocalProjection Projection { get; }

    public int SegmentCount => _segmentEdge.Length;

    /// <summary>
    /// Writes into <paramref name="candidates"/> the nearest position on each edge within <paramref name="radiusMetres"/>
    /// of the point, nearest first (ties by edge index), at most <paramref name="candidates"/>.Length of them; returns
    /// how many. <paramref name="scratch"/> collects the per-edge nearest positions before the cut; its length bounds
    /// how many distinct edges are considered (the nearest are kept when it overflows).
    /// </summary>
    [SkipLocalsInit]
    public int Query(double x, double y, double radiusMetres, Span<MatchCandidate> candidates, Span<MatchCandidate> scratch)
    {
        int found = 0;
        double r2 = radiusMetres * radiusMetres;
        if (_nodeFirst.Length == 0 || candidates.Length == 0)
        {
            return 0;
        }

        double minX = x - radiusMetres, maxX = x + radiusMetres, minY = y - radiusMetres, maxY = y + radiusMetres;
        if (!Overlaps(0, minX, minY, maxX, maxY))
        {
            return 0;
        }

        // Hits keep the squared distance and the segment; square roots and offsets only for the nearest that are kept.
        Span<SegmentHit> hits = stackalloc SegmentHit[Math.Min(scratch.Length, MaxHits)];

        // Children are tested before they are pushed: the stack holds only nodes that overlap the query box.
        Span<int> stack = stackalloc int[256];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            int first = _nodeFirst[node], end = first + _nodeCount[node];
            if (!_nodeIsLeaf[node])
            {
                top = Vector256.IsHardwareAccelerated
                    ? PushOverlappingVector(first, end, minX, minY, maxX, maxY, stack, top)
                    : PushOverlapping(first, end, minX, minY, maxX, maxY, stack, top);
                continue;
            }

            found = Vector256.IsHardwareAccelerated
                ? ScanLeafVector(first, end, x, y, r2, hits, found)
                : ScanLeaf(first, end, x, y, r2, hits, found);
        }

        return Nearest(hits[..found], candidates);
    }

    /// <summary>Pushes the children first..end-1 that overlap the query box, last first (so they pop in order).</summary>
    private int PushOverlapping(int first, int end, double minX, double minY, double maxX,
        double maxY, Span<int> stack, int top)
    {
        for (int c = end - 1; c >= first; c--)
        {
            if (Overlaps(c, minX, minY, maxX, maxY))
            {
                stack[top++] = c;
            }
        }

        return top;
    }

    /// <summary><see cref="PushOverlapping"/> testing four siblings at a time; the same nodes in the same order.</summary>
    private int PushOverlappingVector(int first, int end, double minX, double minY, double maxX, double maxY, Span<int> stack, int top)
    {
        const int Lanes = 4;
        Vector256<double> qMinX = Vector256.Create(minX), qMinY = Vector256.Create(minY);
        Vector256<double> qMaxX = Vector256.Create(maxX), qMaxY = Vector256.Create(maxY);
        ref double nMinX = ref _nodeMinX[0], nMinY = ref _nodeMinY[0], nMaxX = ref _nodeMaxX[0], nMaxY = ref _nodeMaxY[0];
        int groups = (end - first + Lanes - 1) / Lanes;
        for (int g = groups - 1; g >= 0; g--)
        {
            int c = first + (g * Lanes);
            Vector256<double> overlap = Vector256.GreaterThanOrEqual(qMaxX, Vector256.LoadUnsafe(ref nMinX, (nuint)c))
                & Vector256.LessThanOrEqual(qMinX, Vector256.LoadUnsafe(ref nMaxX, (nuint)c))
                & Vector256.GreaterThanOrEqual(qMaxY, Vector256.LoadUnsafe(ref nMinY, (nuint)c))
                & Vector256.LessThanOrEqual(qMinY, Vector256.LoadUnsafe(ref nMaxY, (nuint)c));
            uint lanes = overlap.ExtractMostSignificantBits() & ((1u << Math.Min(end - c, Lanes)) - 1);
            while (lanes != 0)
            {
                int lane = 31 - BitOperations.LeadingZeroCount(lanes); // highest first, as the scalar loop pushes
                lanes &= ~(1u << lane);
                stack[top++] = c + lane;
            }
        }

        return top;
    }

    /// <summary>The segments first..end-1 of a leaf within sqrt(r2) of the point, into the per-edge nearest buffer.</summary>
    private int ScanLeaf(int first, int end, double x, double y, double r2, Span<SegmentHit> hits, int found)
    {
        for (int s = first; s < end; s++)
        {
            double d2 = DistanceSquared(s, x, y, out double t);
            if (d2 <= r2)
            {
                found = Keep(hits, found, new SegmentHit(_segmentEdge[s], s, t, d2));
            }
        }

        return found;
    }

    /// <summary>
    /// <see cref="ScanLeaf"/> four segments at a time: the same operations in the same order per lane (no fused
    /// multiply-add), so both give bit-identical candidates; only lanes within r2 go on to the per-edge buffer.
    /// </summary>
    private int ScanLeafVector(int first, int end, double x, double y, double r2, Span<SegmentHit> hits, int found)
    {
        Vector256<double> px = Vector256.Create(x), py = Vector256.Create(y), limit = Vector256.Create(r2);
        Vector256<double> zero = Vector256<double>.Zero, one = Vector256<double>.One;
        ref double ax = ref _ax[0], ay = ref _ay[0], dx = ref _dx[0], dy = ref _dy[0], inverse = ref _inverseLength2[0];
        for (int s = first; s < end; s += Vector256<double>.Count)
        {
            Vector256<double> sdx = Vector256.LoadUnsafe(ref dx, (nuint)s), sdy = Vector256.LoadUnsafe(ref dy, (nuint)s);
            Vector256<double> ex = px - Vector256.LoadUnsafe(ref ax, (nuint)s), ey = py - Vector256.LoadUnsafe(ref ay, (nuint)s);
            Vector256<double> t = Vector256.Min(Vector256.Max(((ex * sdx) + (ey * sdy)) * Vector256.LoadUnsafe(ref inverse, (nuint)s), zero), one);
            Vector256<double> qx = (t * sdx) - ex, qy = (t * sdy) - ey;
            Vector256<double> d2 = (qx * qx) + (qy * qy);
            uint lanes = Vector256.LessThanOrEqual(d2, limit).ExtractMostSignificantBits();
            lanes &= (1u << Math.Min(end - s, Vector256<double>.Count)) - 1;
            while (lanes != 0)
            {
                int lane = BitOperations.TrailingZeroCount(lanes);
                lanes &= lanes - 1;
                found = Keep(hits, found, new SegmentHit(_segmentEdge[s + lane], s + lane, t.GetElement(lane), d2.GetElement(lane)));
            }
        }

        return found;
    }

    /// <summary>
    /// Insertion sort by squared distance then edge (a few dozen items: cheaper than a delegate sort), then the cut:
    /// the nearest become candidates with their offset along the edge and distance.
    /// </summary>
    [SkipLocalsInit]
    internal int Nearest(Span<SegmentHit> found, Span<MatchCandidate> candidates)
    {
        // Sorts (squared distance, edge, position) keys of 16 bytes rather than the hits themselves.
        Span<HitKey> keys = stackalloc HitKey[found.Length];
        for (int i = 0; i < found.Length; i++)
        {
            HitKey item = new(found[i].Distance2, found[i].Edge, i);
            int j = i - 1;
            while (j >= 0 && (keys[j].Distance2 > item.Distance2 || (keys[j].Distance2 == item.Distance2 && keys[j].Edge > item.Edge)))
            {
                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = item;
        }

        int kept = Math.Min(found.Length, candidates.Length);
        for (int i = 0; i < kept; i++)
        {
            ref readonly SegmentHit hit = ref found[keys[i].Position];
            candidates[i] = CandidateAt(hit.Segment, hit.T, Math.Sqrt(hit.Distance2));
        }

        return kept;
    }

    private readonly record struct HitKey(double Distance2, int Edge, int Position);

    /// <summary>Distance in metres from the point to the nearest segment, or <paramref name="maxMetres"/> when none is nearer.</summary>
    public double NearestDistance(double x, double y, double maxMetres)
    {
        double best2 = maxMetres * maxMetres;
        if (_nodeFirst.Length == 0)
        {
            return maxMetres;
        }

        Span<int> stack = stackalloc int[256];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            double dx = Math.Max(0, Math.Max(_nodeMinX[node] - x, x - _nodeMaxX[node]));
            double dy = Math.Max(0, Math.Max(_nodeMinY[node] - y, y - _nodeMaxY[node]));
            if ((dx * dx) + (dy * dy) > best2)
            {
                continue;
            }

            int first = _nodeFirst[node], end = first + _nodeCount[node];
            if (!_nodeIsLeaf[node])
            {
                for (int c = end - 1; c >= first; c--)
                {
                    stack[top++] = c;
                }

                continue;
            }

            for (int s = first; s < end; s++)
            {
                best2 = Math.Min(best2, DistanceSquared(s, x, y, out _));
            }
        }

        return Math.Sqrt(best2);
    }

    /// <summary>The same search through NetTopologySuite's own STRtree query and an item visitor (benchmark baseline).</summary>
    public int QueryTree(double x, double y, double radiusMetres, Span<MatchCandidate> candidates, TreeVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        visitor.Reset(this, x, y, radiusMetres);
        _tree.Query(visitor.Envelope, visitor);
        return visitor.CopyNearest(candidates);
    }

    private MatchCandidate CandidateAt(int s, double t, double distance) =>
        new(_segmentEdge[s], Math.Min(_segmentStartOffset[s] + (t * _segmentLength[s]), Network.LengthMetres[_segmentEdge[s]]), distance);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Overlaps(int node, double minX, double minY, double maxX, double maxY) =>
        maxX >= _nodeMinX[node] && minX <= _nodeMaxX[node] && maxY >= _nodeMinY[node] && minY <= _nodeMaxY[node];

    /// <summary>Squared planar distance from the point to segment s and the projection parameter t in [0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double DistanceSquared(int s, double x, double y, out double t)
    {
        double dx = _dx[s], dy = _dy[s];
        double ex = x - _ax[s], ey = y - _ay[s];
        t = Math.Min(Math.Max(((ex * dx) + (ey * dy)) * _inverseLength2[s], 0), 1);
        double qx = (t * dx) - ex, qy = (t * dy) - ey;
        return (qx * qx) + (qy * qy);
    }

    /// <summary>Keeps the nearest position per edge; when the buffer is full, replaces its farthest if nearer.</summary>
    private static int Keep(Span<SegmentHit> buffer, int count, SegmentHit hit)
    {
        for (int i = 0; i < count; i++)
        {
            if (buffer[i].Edge == hit.Edge)
            {
                if (hit.Distance2 < buffer[i].Distance2)
                {
                    buffer[i] = hit;
                }

                return count;
            }
        }

        if (count < buffer.Length)
        {
            buffer[count] = hit;
            return count + 1;
        }

        int worst = 0;
        for (int i = 1; i < count; i++)
        {
            if (buffer[i].Distance2 > buffer[worst].Distance2)
            {
                worst = i;
            }
        }

        if (hit.Distance2 < buffer[worst].Distance2)
        {
            buffer[worst] = hit;
        }

        return count;
    }

    /// <summary>A segment within the query radius: its edge, number, projection parameter and squared distance.</summary>
    internal readonly record struct SegmentHit(int Edge, int Segment, double T, double Distance2);

    private static void Pack(AbstractNode<Envelope, int> root, List<double> bounds, List<int> first, List<int> count,
        List<bool> isLeaf, List<int> order)
    {
        // Breadth first: the children of a node get consecutive node numbers.
        var queue = new List<AbstractNode<Envelope, int>> { root };
        AddNode(root, bounds, first, count, isLeaf);
        for (int n = 0; n < queue.Count; n++)
        {
            AbstractNode<Envelope, int> node = queue[n];
            IList<IBoundable<Envelope, int>> children = node.ChildBoundables;
            if (children.Count > 0 && children[0] is ItemBoundable<Envelope, int>)
            {
                first[n] = order.Count;
                count[n] = children.Count;
                isLeaf[n] = true;
                foreach (IBoundable<Envelope, int> child in children)
                {
                    order.Add(((ItemBoundable<Envelope, int>)child).Item);
                }

                continue;
            }

            first[n] = queue.Count;
            count[n] = children.Count;
            foreach (IBoundable<Envelope, int> child in children)
            {
                var childNode = (AbstractNode<Envelope, int>)child;
                queue.Add(childNode);
                AddNode(childNode, bounds, first, count, isLeaf);
            }
        }
    }

    private static void AddNode(AbstractNode<Envelope, int> node, List<double> bounds, List<int> first, List<int> count, List<bool> isLeaf)
    {
        Envelope envelope = node.Bounds;
        bounds.Add(envelope.MinX);
        bounds.Add(envelope.MinY);
        bounds.Add(envelope.MaxX);
        bounds.Add(envelope.MaxY);
        first.Add(0);
        count.Add(0);
        isLeaf.Add(false);
    }
}
