namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>The finished cells, appended in (day, bin, edge) order into growable flat arrays.</summary>
    private sealed class Output
    {
        private long[] _bins;
        private int[] _edges;
        private double[] _metres;
        private double[] _seconds;
        private int[] _traversals;
        private int[] _vehicles;
        private int _count;

        public Output(int capacity)
        {
            _bins = new long[capacity];
            _edges = new int[capacity];
            _metres = new double[capacity];
            _seconds = new double[capacity];
            _traversals = new int[capacity];
            _vehicles = new int[capacity];
        }

        public void Add(long binStart, int edge, double metres, double seconds, int traversals, int vehicles)
        {
            if (_count == _bins.Length)
            {
                int size = _count * 2;
                Array.Resize(ref _bins, size);
                Array.Resize(ref _edges, size);
                Array.Resize(ref _metres, size);
                Array.Resize(ref _seconds, size);
                Array.Resize(ref _traversals, size);
                Array.Resize(ref _vehicles, size);
            }

            _bins[_count] = binStart;
            _edges[_count] = edge;
            _metres[_count] = metres;
            _seconds[_count] = seconds;
            _traversals[_count] = traversals;
            _vehicles[_count] = vehicles;
            _count++;
        }

        public SegmentSpeedTable ToTable(long binMs, long rejected, long implausible) => new(
            binMs, _bins[.._count], _edges[.._count], _metres[.._count], _seconds[.._count], _traversals[.._count],
            _vehicles[.._count], rejected, implausible);
    }
}
