using System.Runtime.CompilerServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// The free-flow evidence of earlier days (history cells read by <see cref="SpeedHistory"/>), per edge, road stretch
/// and class-in-area group, in the form the <see cref="FreeFlowEstimator"/> merges with the current cells. Only cells
/// with at least <see cref="CongestionOptions.FreeFlowMinVehicles"/> vehicles count, as for the current cells.
/// </summary>
public sealed class FreeFlowHistory
{
    private readonly FreeFlowGroups _groups;
    private readonly CongestionOptions _options;
    private bool _finished;

    /// <summary>An empty history for a network's groups, to be filled with <see cref="SpeedHistory.Read"/>.</summary>
    public FreeFlowHistory(RoadNetwork network, FreeFlowGroups groups, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        _groups = groups;
        _options = options;
        Edges = new FreeFlowSamples(network.EdgeCount, options);
        Roads = new FreeFlowSamples(groups.RoadCount, options);
        ClassAreas = new FreeFlowSamples(groups.ClassAreaCount, options);
    }

    internal FreeFlowSamples Edges { get; }

    internal FreeFlowSamples Roads { get; }

    internal FreeFlowSamples ClassAreas { get; }

    /// <summary>The groups the history was aggregated by; the estimate must use the same.</summary>
    public FreeFlowGroups Groups => _groups;

    /// <summary>Takes one batch of history cells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(HistoryCells cells)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The history is complete; no cells can be added.");
        }

        long lastBin = long.MinValue;
        bool offPeak = false;
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells.Vehicles[i] < _options.FreeFlowMinVehicles)
            {
                continue;
            }

            int edge = cells.Edges[i];
            long bin = cells.BinStartMs[i];
            if (bin != lastBin)
            {
                // History cells come in bin order: the calendar is asked once per bin.
                lastBin = bin;
                offPeak = !_options.Calendar.IsPeak(bin);
            }

            double speed = cells.SpeedKmh[i], metres = cells.Metres[i], seconds = cells.Seconds[i];
            int traversals = cells.Traversals[i];
            Edges.Add(edge, bin, speed, metres, seconds, traversals, offPeak);
            Roads.Add(_groups.RoadOf[edge], bin, speed, metres, seconds, traversals, offPeak);
            ClassAreas.Add(_groups.ClassAreaOf[edge], bin, speed, metres, seconds, traversals, offPeak);
        }
    }

    /// <summary>Closes the open hours; called once every file is read.</summary>
    internal void Finish()
    {
        if (_finished)
        {
            return;
        }

        Edges.Finish();
        Roads.Finish();
        ClassAreas.Finish();
        _finished = true;
    }
}
