namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>
    /// The emitted cells in (day, bin) order: growable flat columns kept across calls (allocated without zeroing, since
    /// every reserved position is written), copied into an exactly sized table at the end.
    /// </summary>
    private sealed class Output
    {
        private long[] _bins = [];
        private int[] _edges = [];
        private double[] _metres = [];
        private double[] _seconds = [];
        private int[] _traversals = [];
        private int[] _vehicles = [];
        private int _count;

        public void Clear() => _count = 0;

        /// <summary>Makes room for <paramref name="count"/> more cells; returns the position of the first.</summary>
        public int Reserve(int count)
        {
            int start = _count;
            if (start + count > _bins.Length)
            {
                int size = (int)Math.Min(Array.MaxLength, Math.Max(start + (long)count, 2L * _bins.Length));
                _bins = Grow(_bins, size, start);
                _edges = Grow(_edges, size, start);
                _metres = Grow(_metres, size, start);
                _seconds = Grow(_seconds, size, start);
                _traversals = Grow(_traversals, size, start);
                _vehicles = Grow(_vehicles, size, start);
            }

            _count = start + count;
            return start;
        }

        /// <summary>Writes one block of a bin's cells from position <paramref name="at"/>.</summary>
        public void Write(int at, long binStart, ReadOnlySpan<Hot> cells, ReadOnlySpan<int> distinct)
        {
            int n = cells.Length;
            _bins.AsSpan(at, n).Fill(binStart);
            distinct.CopyTo(_vehicles.AsSpan(at, n));
            Span<int> edges = _edges.AsSpan(at, n);
            Span<double> metres = _metres.AsSpan(at, n);
            Span<double> seconds = _seconds.AsSpan(at, n);
            Span<int> traversals = _traversals.AsSpan(at, n);
            for (int i = 0; i < n; i++)
            {
                ref readonly Hot cell = ref cells[i];
                edges[i] = cell.Edge;
                metres[i] = cell.Metres;
                seconds[i] = cell.Seconds;
                traversals[i] = cell.Count;
            }
        }

        public SegmentSpeedTable ToTable(long binMs, long rejected, long implausible) => new(
            binMs, Exact(_bins), Exact(_edges), Exact(_metres), Exact(_seconds), Exact(_traversals), Exact(_vehicles), rejected, implausible);

        private T[] Exact<T>(T[] column)
        {
            T[] exact = GC.AllocateUninitializedArray<T>(_count);
            column.AsSpan(0, _count).CopyTo(exact);
            return exact;
        }

        private static T[] Grow<T>(T[] old, int size, int keep)
        {
            T[] grown = GC.AllocateUninitializedArray<T>(size);
            old.AsSpan(0, keep).CopyTo(grown);
            return grown;
        }
    }
}
