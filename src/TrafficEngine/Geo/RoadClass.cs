namespace TrafficEngine.Geo;

/// <summary>
/// The functional road classes of the Beijing congestion standard (DB11/T 785): the congestion level thresholds and the
/// TPI weights are per class.
/// </summary>
public enum RoadClass : byte
{
    /// <summary>快速路: motorway and trunk, with their links.</summary>
    Expressway = 0,

    /// <summary>主干路: primary, with its links.</summary>
    Arterial = 1,

    /// <summary>次干路: secondary and tertiary, with their links.</summary>
    Collector = 2,

    /// <summary>支路: residential, unclassified, living street, service and anything else drivable.</summary>
    Local = 3,
}

/// <summary>OpenStreetMap <c>highway</c> values mapped to <see cref="RoadClass"/>, drivability and default speeds.</summary>
public static class RoadClasses
{
    /// <summary>The number of classes, for flat per-class arrays.</summary>
    public const int Count = 4;

    /// <summary>The class of an OSM <c>highway</c> value. Unknown drivable values are local roads.</summary>
    public static RoadClass FromHighway(ReadOnlySpan<char> highway) => highway switch
    {
        "motorway" or "motorway_link" or "trunk" or "trunk_link" => RoadClass.Expressway,
        "primary" or "primary_link" => RoadClass.Arterial,
        "secondary" or "secondary_link" or "tertiary" or "tertiary_link" => RoadClass.Collector,
        _ => RoadClass.Local,
    };

    /// <summary>
    /// Whether vehicles drive on a way of this <c>highway</c> value. Footways, paths, cycleways, steps, pedestrian
    /// areas, platforms, bus guideways, construction and proposed ways are not; service roads only when asked.
    /// </summary>
    public static bool IsDrivable(ReadOnlySpan<char> highway, bool includeService) => highway switch
    {
        "motorway" or "motorway_link" or "trunk" or "trunk_link" or "primary" or "primary_link"
            or "secondary" or "secondary_link" or "tertiary" or "tertiary_link"
            or "residential" or "unclassified" or "living_street" or "road" => true,
        "service" => includeService,
        _ => false,
    };

    /// <summary>Default free-flow speed in km/h for a class when the source gives no usable maxspeed.</summary>
    public static double DefaultFreeFlowKmh(RoadClass roadClass) => roadClass switch
    {
        RoadClass.Expressway => 80,
        RoadClass.Arterial => 60,
        RoadClass.Collector => 50,
        _ => 30,
    };

    /// <summary>Lower-case English name, as written in files.</summary>
    public static string Name(RoadClass roadClass) => roadClass switch
    {
        RoadClass.Expressway => "expressway",
        RoadClass.Arterial => "arterial",
        RoadClass.Collector => "collector",
        _ => "local",
    };

    /// <summary>Parses a name written by <see cref="Name"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out RoadClass roadClass)
    {
        switch (name)
        {
            case "expressway": roadClass = RoadClass.Expressway; return true;
            case "arterial": roadClass = RoadClass.Arterial; return true;
            case "collector": roadClass = RoadClass.Collector; return true;
            case "local": roadClass = RoadClass.Local; return true;
            default: roadClass = RoadClass.Local; return false;
        }
    }
}
