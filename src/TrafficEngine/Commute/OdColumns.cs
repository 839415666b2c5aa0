namespace TrafficEngine.Commute;

/// <summary>
/// Column names of an OD table (matched case-insensitively). Home, work and count are required. Distance, time and
/// mode are optional: left null, the default name is used when the file has it; named, the column must be there.
/// </summary>
public sealed class OdColumns
{
    public const string DefaultHome = "home_zone";
    public const string DefaultWork = "work_zone";
    public const string DefaultCount = "commuters";
    public const string DefaultDistance = "distance_km";
    public const string DefaultTime = "time_min";
    public const string DefaultMode = "mode";

    public string Home { get; set; } = DefaultHome;

    public string Work { get; set; } = DefaultWork;

    public string Count { get; set; } = DefaultCount;

    /// <summary>Mean commute distance of the pair in km; null: distance_km if present.</summary>
    public string? Distance { get; set; }

    /// <summary>Mean commute time of the pair in minutes; null: time_min if present.</summary>
    public string? Time { get; set; }

    /// <summary>Travel mode; rows of one pair in several modes are merged into the pair. Null: mode if present.</summary>
    public string? Mode { get; set; }

    /// <summary>The columns of the Shenzhen Unicom street-level table (JDBH_x, JDBH_y, flow, avg_dis, avg_time).</summary>
    public static OdColumns ShenzhenUnicom() => new() { Home = "JDBH_x", Work = "JDBH_y", Count = "flow", Distance = "avg_dis", Time = "avg_time" };
}
