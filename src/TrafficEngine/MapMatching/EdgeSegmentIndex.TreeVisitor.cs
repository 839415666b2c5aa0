using NetTopologySuite.Geometries;
using NetTopologySuite.Index;

namespace TrafficEngine.MapMatching;

public sealed partial class EdgeSegmentIndex
{
    /// <summary>
    /// An <see cref="IItemVisitor{T}"/> for <see cref="QueryTree"/>: one per thread, reused across queries (its
    /// envelope and buffer too), so the NetTopologySuite path allocates only what the tree's own query allocates.
    /// </summary>
    public sealed class TreeVisitor : IItemVisitor<int>
    {
        private readonly SegmentHit[] _buffer;
        private EdgeSegmentIndex? _index;
        private double _x;
        private double _y;
        private double _r2;
        private int _count;

        public TreeVisitor(int bufferSize = 64)
        {
            _buffer = new SegmentHit[Math.Min(bufferSize, MaxHits)];
        }

        internal Envelope Envelope { get; } = new();

        internal void Reset(EdgeSegmentIndex index, double x, double y, double radius)
        {
            _index = index;
            _x = x;
            _y = y;
            _r2 = radius * radius;
            _count = 0;
            Envelope.Init(x - radius, x + radius, y - radius, y + radius);
        }

        public void VisitItem(int item)
        {
            // The tree holds segments by their number before packing reordered them.
            EdgeSegmentIndex index = _index!;
            int s = index._packedOfOriginal[item];
            double d2 = index.DistanceSquared(s, _x, _y, out double t);
            if (d2 <= _r2)
            {
                _count = Keep(_buffer, _count, new SegmentHit(index._segmentEdge[s], s, t, d2));
            }
        }

        internal int CopyNearest(Span<MatchCandidate> candidates)
        {
            return _index!.Nearest(_buffer.AsSpan(0, _count), candidates);
        }
    }
}
