namespace TrafficEngine.Congestion;

/// <summary>
/// Where an edge's free-flow speed came from: the steps of the fallback chain, tried in this order (see
/// <see cref="FreeFlowEstimator"/>). With history, every data step pools the earlier days' cells with the current ones.
/// </summary>
public enum FreeFlowSource : byte
{
    /// <summary>The edge's own cells.</summary>
    Edge = 0,

    /// <summary>The cells of its road stretch: the same road, in the same direction (<see cref="FreeFlowGroups"/>).</summary>
    Road = 1,

    /// <summary>The cells of every edge of its road class in its area (a polygon of --areas, else a grid cell).</summary>
    ClassInArea = 2,

    /// <summary>No data step had enough values: the network's speed (maxspeed, else the class default).</summary>
    Network = 3,
}

/// <summary>Names of <see cref="FreeFlowSource"/> as published.</summary>
public static class FreeFlowSources
{
    /// <summary>The number of sources, for flat per-source arrays.</summary>
    public const int Count = 4;

    /// <summary>snake_case name, as written in files: edge, road, class_in_area, network.</summary>
    public static string Code(FreeFlowSource source) => source switch
    {
        FreeFlowSource.Edge => "edge",
        FreeFlowSource.Road => "road",
        FreeFlowSource.ClassInArea => "class_in_area",
        _ => "network",
    };
}
