namespace TrafficEngine.Geo;

/// <summary>The geographic coordinate systems probe feeds in China arrive in.</summary>
public enum Crs
{
    /// <summary>WGS-84: GPS, OpenStreetMap, GeoJSON. The engine stores this.</summary>
    Wgs84,

    /// <summary>GCJ-02: AutoNavi/Gaode, Tencent, most phone SDKs; WGS-84 plus a non-linear offset.</summary>
    Gcj02,

    /// <summary>BD-09: Baidu Maps; GCJ-02 plus a further rotation.</summary>
    Bd09,
}

/// <summary>The command-line and metadata names of <see cref="Crs"/> values.</summary>
public static class CrsNames
{
    public const string Wgs84 = "wgs84";
    public const string Gcj02 = "gcj02";
    public const string Bd09 = "bd09";

    /// <summary>Parses "wgs84", "gcj02" or "bd09" (case-insensitive).</summary>
    public static Crs Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            Wgs84 => Crs.Wgs84,
            Gcj02 => Crs.Gcj02,
            Bd09 => Crs.Bd09,
            _ => throw new ArgumentException($"Unknown coordinate system '{name}'; valid names are {Wgs84}, {Gcj02}, {Bd09}.", nameof(name)),
        };
    }

    public static string ToName(this Crs crs) => crs switch
    {
        Crs.Wgs84 => Wgs84,
        Crs.Gcj02 => Gcj02,
        Crs.Bd09 => Bd09,
        _ => throw new ArgumentOutOfRangeException(nameof(crs), crs, "Unknown coordinate system."),
    };
}
