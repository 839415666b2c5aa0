using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>Everything one congestion run computed, ready to publish.</summary>
public sealed record CongestionResult(
    RoadNetwork Network,
    CongestionOptions Options,
    SegmentSpeedTable Speeds,
    SegmentIndices Indices,
    GroupIndexTable City,
    AreaPolygons? Areas,
    GroupIndexTable? AreaIndex,
    Corridors? Corridors,
    GroupIndexTable? CorridorIndex,
    ReliabilityTable SegmentReliability,
    ReliabilityTable? CorridorReliability,
    IReadOnlyList<(int Edge, int BinOfDay, int Days)> Recurrent,
    int Workdays,
    CongestionReport Report)
{
    /// <summary>Typical speeds per edge and hour of day from the history; null when the run had none.</summary>
    public TypicalSpeeds? TypicalSpeeds { get; init; }
}

/// <summary>Counts of a congestion run, written as the summary.</summary>
/// <param name="TraversalsRead">Traversal rows in the input.</param>
/// <param name="TraversalsUsed">Rows aggregated.</param>
/// <param name="UnknownEdges">Rows whose edge id the network lacks.</param>
/// <param name="NullRows">Rows with a null in a needed column.</param>
/// <param name="RejectedRows">Rows with a non-positive duration or length.</param>
/// <param name="ImplausibleSpeedRows">Rows slower or faster than the plausible traversal speeds.</param>
/// <param name="Vehicles">Distinct vehicles.</param>
/// <param name="Cells">Segment x bin cells.</param>
/// <param name="LowSampleCells">Cells with fewer distinct vehicles than the minimum: flagged, not published.</param>
/// <param name="Bins">Bins with a city index.</param>
/// <param name="FirstBinStartMs">First bin start, UTC ms; 0 when there is none.</param>
/// <param name="LastBinStartMs">Last bin start, UTC ms; 0 when there is none.</param>
/// <param name="EdgesWithFreeFlowFromData">Edges whose free-flow speed was estimated from data.</param>
public sealed record CongestionReport(
    long TraversalsRead, long TraversalsUsed, long UnknownEdges, long NullRows, long RejectedRows, long ImplausibleSpeedRows, int Vehicles,
    int Cells, int LowSampleCells, int Bins, long FirstBinStartMs, long LastBinStartMs, int EdgesWithFreeFlowFromData)
{
    /// <summary>Edges per step of the free-flow fallback chain, indexed by <see cref="FreeFlowSource"/>.</summary>
    public IReadOnlyList<int> EdgesByFreeFlowSource { get; init; } = new int[FreeFlowSources.Count];

    /// <summary>What reading the history found; null when the run had none.</summary>
    public HistoryReport? History { get; init; }
}
