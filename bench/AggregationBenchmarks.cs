using BenchmarkDotNet.Attributes;
using TrafficEngine.Congestion;

namespace Bench;

/// <summary>
/// Segment x 15-minute bin aggregation of time-ordered traversals (issue 4 §5): the engine's dense-id kernel against a
/// Dictionary keyed by (bin, edge) holding sums and a HashSet of vehicles, the obvious C# way. Ratio = mean / baseline.
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private TraversalData _data = null!;
    private SegmentSpeedAggregator _aggregator = null!;

    [Params(10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new TraversalData(Rows);
        _aggregator = new SegmentSpeedAggregator(TraversalData.EdgeCount, 15);
        _aggregator.Aggregate(_data.Edges, _data.Vehicles, _data.EnterMs, _data.ExitMs, _data.Metres); // warm the buffers
    }

    [Benchmark(Baseline = true)]
    public int DictionaryBaseline()
    {
        const long binMs = 15 * 60_000;
        var cells = new Dictionary<(long Bin, int Edge), Cell>();
        for (int i = 0; i < _data.Length; i++)
        {
            long enter = _data.EnterMs[i], exit = _data.ExitMs[i];
            long mid = enter + ((exit - enter) / 2);
            var key = (mid / binMs, _data.Edges[i]);
            if (!cells.TryGetValue(key, out Cell? cell))
            {
                cell = new Cell();
                cells.Add(key, cell);
            }

            cell.Metres += _data.Metres[i];
            cell.Seconds += (exit - enter) / 1000.0;
            cell.Count++;
            cell.Vehicles.Add(_data.Vehicles[i]);
        }

        return cells.Count;
    }

    [Benchmark]
    public int DenseKernel() =>
        _aggregator.Aggregate(_data.Edges, _data.Vehicles, _data.EnterMs, _data.ExitMs, _data.Metres).Count;

    private sealed class Cell
    {
        public double Metres;
        public double Seconds;
        public int Count;
        public HashSet<int> Vehicles { get; } = [];
    }
}
