namespace TrafficEngine.Commute;

/// <summary>Where the cost of a zone pair came from.</summary>
public enum CostSource : byte
{
    /// <summary>No cost: the pair is not an arc of the transportation problem.</summary>
    None = 0,

    /// <summary>The OD table's own mean distance or time.</summary>
    Table = 1,

    /// <summary>Shortest path between the centroids' nearest drivable nodes (free-flow time).</summary>
    Network = 2,

    /// <summary>
    /// Flagged fallback: straight centroid distance times a detour factor fitted on the pairs that have both (1
    /// when none), time at the fitted minutes per straight km; within a zone, the mean distance between two random
    /// points of a disk of the zone's area, 128 r / (45 pi).
    /// </summary>
    StraightLine = 3,
}
