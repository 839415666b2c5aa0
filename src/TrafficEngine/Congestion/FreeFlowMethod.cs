namespace TrafficEngine.Congestion;

/// <summary>How a segment's free-flow speed is estimated from its observed speeds.</summary>
public enum FreeFlowMethod
{
    /// <summary>FHWA: a percentile (85th by default) of the segment's off-peak bin speeds.</summary>
    OffPeakPercentile,

    /// <summary>DiDi: the mean of the fastest hourly speeds (4 by default) among hours with enough traversals.</summary>
    FastestHours,
}
