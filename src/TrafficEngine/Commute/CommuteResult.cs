using Microsoft.Data.Analysis;

namespace TrafficEngine.Commute;

/// <summary>
/// What <see cref="CommuteAnalyzer"/> computes: the zone and district tables (DataFrames, as published: a zone's
/// self-containment and internal capture are null when its own cell is suppressed, since they would reveal it), the
/// whole-area summary, the suppression of the OD cells, and the inputs they came from.
/// </summary>
public sealed record CommuteResult(
    DataFrame Zones,
    DataFrame Districts,
    CommuteSummary Summary,
    SuppressionResult Suppression,
    OdTable Table,
    CommuteCosts Costs,
    OdQuarantine Quarantine,
    CommuteEllipse RadiusEllipse);
