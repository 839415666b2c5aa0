using BenchmarkDotNet.Attributes;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;

namespace Bench;

/// <summary>
/// Map matching on the Beijing network with simulated traces (random fastest-path routes, a fix every 30 s, 20 m
/// Gaussian noise), one thread. Candidate search through the packed tree copy against NetTopologySuite's own STRtree
/// query; the HMM against nearest-edge snapping (the baseline). Each benchmark handles every fix of the fleet once:
/// fixes/s = <see cref="FixCount"/> / mean time (the count is printed at setup).
/// </summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private RoadNetwork _network = null!;
    private SimulatedFleet _fleet = null!;
    private MapMatcher _matcher = null!;
    private double[] _x = [];
    private double[] _y = [];
    private readonly MatchCandidate[] _candidates = new MatchCandidate[8];
    private readonly MatchCandidate[] _scratch = new MatchCandidate[64];
    private readonly EdgeSegmentIndex.TreeVisitor _visitor = new();
    private readonly TrajectoryMatch _result = new();

    public int FixCount => _fleet.FixCount;

    [GlobalSetup]
    public void Setup()
    {
        _network = BeijingEdgeCsv.Network;
        _fleet = TraceSimulator.Simulate(_network, new TraceSimulationOptions { Vehicles = 300, IntervalSeconds = 30, NoiseMetres = 20, Seed = 5 });
        _matcher = new MapMatcher(_network, new MatchOptions { MaxDegreeOfParallelism = 1, CrsCheckSampleSize = 0 });
        LocalProjection projection = _matcher.Index.Projection;
        _x = _fleet.Lon.Select(projection.X).ToArray();
        _y = _fleet.Lat.Select(projection.Y).ToArray();
        Console.WriteLine($"// fleet: {_fleet.VehicleCount} vehicles, {_fleet.FixCount} fixes; network {_network.EdgeCount} edges, {_matcher.Index.SegmentCount} segments");
    }

    [Benchmark]
    public int CandidatesPackedTree()
    {
        int total = 0;
        for (int i = 0; i < _x.Length; i++)
        {
            total += _matcher.Index.Query(_x[i], _y[i], 100, _candidates, _scratch);
        }

        return total;
    }

    [Benchmark]
    public int CandidatesNtsTree()
    {
        int total = 0;
        for (int i = 0; i < _x.Length; i++)
        {
            total += _matcher.Index.QueryTree(_x[i], _y[i], 100, _candidates, _visitor);
        }

        return total;
    }

    /// <summary>The baseline: each fix snapped to its nearest edge, no model.</summary>
    [Benchmark(Baseline = true)]
    public int NearestEdgeSnapping()
    {
        int total = 0;
        Span<MatchCandidate> nearest = _candidates.AsSpan(0, 1);
        for (int i = 0; i < _x.Length; i++)
        {
            total += _matcher.Index.Query(_x[i], _y[i], 100, nearest, _scratch) > 0 ? nearest[0].Edge : 0;
        }

        return total;
    }

    [Benchmark]
    public int HmmMatch()
    {
        int traversals = 0;
        for (int v = 0; v < _fleet.VehicleCount; v++)
        {
            int start = _fleet.FixOffsets[v], length = _fleet.FixOffsets[v + 1] - start;
            _matcher.MatchTrajectory(_fleet.Lon.AsSpan(start, length), _fleet.Lat.AsSpan(start, length), _fleet.TimestampMs.AsSpan(start, length), _result);
            traversals += _result.Traversals.Count;
        }

        return traversals;
    }
}
