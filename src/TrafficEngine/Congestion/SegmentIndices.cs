using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Per cell of a <see cref="SegmentSpeedTable"/>: the edge's free-flow speed, travel time index, congestion level by
/// road class and whether the cell has enough vehicles to be used and published.
/// </summary>
public sealed class SegmentIndices
{
    private SegmentIndices(float[] freeFlowKmh, FreeFlowSource[] freeFlowSources, double[] tti, CongestionLevel[] levels, bool[] lowSample)
    {
        EdgeFreeFlowKmh = freeFlowKmh;
        EdgeFreeFlowSource = freeFlowSources;
        EdgeFreeFlowFromData = [.. freeFlowSources.Select(s => s != FreeFlowSource.Network)];
        Tti = tti;
        Levels = levels;
        LowSample = lowSample;
    }

    /// <summary>Free-flow speed per edge (dense index), km/h.</summary>
    public float[] EdgeFreeFlowKmh { get; }

    /// <summary>The step of the free-flow fallback chain each edge's speed came from (see <see cref="FreeFlowEstimator"/>).</summary>
    public FreeFlowSource[] EdgeFreeFlowSource { get; }

    /// <summary>Whether an edge's free-flow speed was estimated from data (else the network's maxspeed or class default).</summary>
    public bool[] EdgeFreeFlowFromData { get; }

    /// <summary>Travel time index per cell: free-flow speed / space-mean speed (travel time over free-flow travel time).</summary>
    public double[] Tti { get; }

    public CongestionLevel[] Levels { get; }

    /// <summary>Cells with fewer distinct vehicles than <see cref="CongestionOptions.MinVehicles"/>.</summary>
    public bool[] LowSample { get; }

    /// <summary>Congestion percentage of a cell: (TTI - 1) x 100.</summary>
    public double CongestionPercent(int cell) => (Tti[cell] - 1) * 100;

    /// <summary>
    /// The indices of every cell, with the free-flow speeds given or, when <paramref name="freeFlowSpeeds"/> is null,
    /// estimated from the table alone (<see cref="FreeFlowEstimator.Estimate"/> without areas or history).
    /// </summary>
    public static SegmentIndices Compute(RoadNetwork network, SegmentSpeedTable speeds, CongestionOptions options, FreeFlowSpeeds? freeFlowSpeeds = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(options);
        freeFlowSpeeds ??= FreeFlowEstimator.Estimate(network, speeds, options);
        float[] freeFlow = freeFlowSpeeds.Kmh;
        var tti = new double[speeds.Count];
        var levels = new CongestionLevel[speeds.Count];
        var lowSample = new bool[speeds.Count];
        ReadOnlySpan<RoadClass> classes = network.Classes;
        for (int c = 0; c < speeds.Count; c++)
        {
            int e = speeds.Edges[c];
            double speed = speeds.SpeedKmh(c);
            tti[c] = freeFlow[e] / speed;
            levels[c] = options.Thresholds.Classify(classes[e], speed);
            lowSample[c] = speeds.Vehicles[c] < options.MinVehicles;
        }

        return new SegmentIndices(freeFlow, freeFlowSpeeds.Sources, tti, levels, lowSample);
    }
}
