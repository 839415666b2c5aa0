namespace TrafficEngine.Congestion;

/// <summary>
/// Network indices per (group, bin) for the city, areas or corridors, ordered by group then bin. Built by
/// <see cref="GroupIndexCalculator"/> from the usable (not low-sample) cells only.
/// </summary>
public sealed class GroupIndexTable
{
    internal GroupIndexTable(int[] groups, long[] binStartMs, double[] tpi, CongestionLevel[] levels, double[] tti,
        double[] speedKmh, double[] congestedShare, double[] congestedRatio, double[] vkt, int[] traversals, int[] segments)
    {
        Groups = groups;
        BinStartMs = binStartMs;
        Tpi = tpi;
        Levels = levels;
        Tti = tti;
        SpeedKmh = speedKmh;
        CongestedShare = congestedShare;
        CongestedRatio = congestedRatio;
        Vkt = vkt;
        Traversals = traversals;
        Segments = segments;
    }

    public int Count => Groups.Length;

    public int[] Groups { get; }

    public long[] BinStartMs { get; }

    /// <summary>Traffic performance index 0-10 from the VKT-weighted congested-mileage ratio.</summary>
    public double[] Tpi { get; }

    /// <summary>The TPI band.</summary>
    public CongestionLevel[] Levels { get; }

    /// <summary>VKT-weighted travel time index: sum(vkt L / v) / sum(vkt L / v_ff).</summary>
    public double[] Tti { get; }

    /// <summary>Space-mean speed over the group: distance / time, km/h.</summary>
    public double[] SpeedKmh { get; }

    /// <summary>Congested length / observed length, unweighted.</summary>
    public double[] CongestedShare { get; }

    /// <summary>R = sum over classes of (class VKT share x class congested-mileage ratio), the TPI's input.</summary>
    public double[] CongestedRatio { get; }

    /// <summary>Vehicle-kilometres travelled in the usable cells.</summary>
    public double[] Vkt { get; }

    /// <summary>Traversals in the usable cells (the sample behind the figure).</summary>
    public int[] Traversals { get; }

    /// <summary>Segments with a usable speed.</summary>
    public int[] Segments { get; }
}
