namespace TrafficEngine.Congestion;

/// <summary>The five congestion levels of the Beijing standard (DB11/T 785), for segments and for the TPI bands.</summary>
public enum CongestionLevel : byte
{
    /// <summary>畅通 free flow.</summary>
    FreeFlow = 0,

    /// <summary>基本畅通 basically free.</summary>
    BasicallyFree = 1,

    /// <summary>轻度拥堵 light congestion.</summary>
    Light = 2,

    /// <summary>中度拥堵 moderate congestion.</summary>
    Moderate = 3,

    /// <summary>严重拥堵 severe congestion.</summary>
    Severe = 4,
}

/// <summary>Names of <see cref="CongestionLevel"/> as published.</summary>
public static class CongestionLevels
{
    public const int Count = 5;

    /// <summary>snake_case English name, as written in files: free_flow, basically_free, light, moderate, severe.</summary>
    public static string Code(CongestionLevel level) => level switch
    {
        CongestionLevel.FreeFlow => "free_flow",
        CongestionLevel.BasicallyFree => "basically_free",
        CongestionLevel.Light => "light",
        CongestionLevel.Moderate => "moderate",
        _ => "severe",
    };

    /// <summary>English name for reports: "free flow", "basically free", "light congestion", ...</summary>
    public static string English(CongestionLevel level) => level switch
    {
        CongestionLevel.FreeFlow => "free flow",
        CongestionLevel.BasicallyFree => "basically free",
        CongestionLevel.Light => "light congestion",
        CongestionLevel.Moderate => "moderate congestion",
        _ => "severe congestion",
    };

    /// <summary>The standard's Chinese name: 畅通, 基本畅通, 轻度拥堵, 中度拥堵, 严重拥堵.</summary>
    public static string Chinese(CongestionLevel level) => level switch
    {
        CongestionLevel.FreeFlow => "畅通",
        CongestionLevel.BasicallyFree => "基本畅通",
        CongestionLevel.Light => "轻度拥堵",
        CongestionLevel.Moderate => "中度拥堵",
        _ => "严重拥堵",
    };
}
