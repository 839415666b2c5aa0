namespace TrafficEngine.Congestion;

/// <summary>
/// Network indices per (group, bin) for the city, areas or corridors, ordered by group then bin. Built by
/// <see cref="GroupIndexCalculator"/> from the observed cells (see <see cref="CongestionOptions.AggregateMinVehicles"/>).
/// </summary>
public sealed class GroupIndexTable
{
    internal GroupIndexTable(int[] groups, long[] binStartMs, double[] tpi, CongestionLevel[] levels, double[] tti,
        double[] speedKmh, double[] congestedShare, double[] congestedRatio, double[] vkt, int[] traversals, int[] segments,
        double[]? coverage = null, int[]? vehicles = null, double[]? tpiLow = null, double[]? tpiHigh = null, double[]? ttiLow = null,
        double[]? ttiHigh = null)
    {
        Coverage = coverage ?? Unknown(groups.Length);
        Vehicles = vehicles ?? System.Linq.Enumerable.Repeat(-1, groups.Length).ToArray();
        TpiLow = tpiLow ?? Unknown(groups.Length);
        TpiHigh = tpiHigh ?? Unknown(groups.Length);
        TtiLow = ttiLow ?? Unknown(groups.Length);
        TtiHigh = ttiHigh ?? Unknown(groups.Length);
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

    /// <summary>
    /// Traffic performance index 0-10 from the VKT-weighted congested-mileage ratio; NaN where the bin's coverage is
    /// below <see cref="CongestionOptions.MinCoverage"/> (see <see cref="IsInsufficient"/>).
    /// </summary>
    public double[] Tpi { get; }

    /// <summary>The TPI band (meaningless where <see cref="IsInsufficient"/>).</summary>
    public CongestionLevel[] Levels { get; }

    /// <summary>Whether row <paramref name="i"/> rests on too little of the network to give a TPI.</summary>
    public bool IsInsufficient(int i) => double.IsNaN(Tpi[i]);

    /// <summary>The level as published: the band's code, or <see cref="InsufficientData"/>.</summary>
    public string LevelCode(int i) => IsInsufficient(i) ? InsufficientData : CongestionLevels.Code(Levels[i]);

    /// <summary>The published level of a bin too thinly observed for a TPI.</summary>
    public const string InsufficientData = "insufficient_data";

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

    /// <summary>
    /// How much of the group's network the figure rests on: sum over road classes of (class VKT share in the bin x
    /// observed length of the class / the group's whole length of the class), 0-1. NaN when unknown (a table read back
    /// from a frame without the column).
    /// </summary>
    public double[] Coverage { get; }

    /// <summary>
    /// Distinct vehicles behind the row's usable cells, counted exactly; -1 where not counted (a table computed from
    /// cells alone, or read from a frame without the column).
    /// </summary>
    public int[] Vehicles { get; }

    /// <summary>
    /// Lower end of the interval meant to hold the TPI with probability <see cref="CongestionOptions.IntervalLevel"/>
    /// (a bootstrap over vehicles, see <see cref="VehicleBootstrap"/>); never above <see cref="Tpi"/>. NaN where the
    /// row has no TPI, or no intervals were computed.
    /// </summary>
    public double[] TpiLow { get; }

    /// <summary>Upper end of the TPI's interval (see <see cref="TpiLow"/>); never below <see cref="Tpi"/>.</summary>
    public double[] TpiHigh { get; }

    /// <summary>Lower end of the TTI's interval (see <see cref="TpiLow"/>); never above <see cref="Tti"/>.</summary>
    public double[] TtiLow { get; }

    /// <summary>Upper end of the TTI's interval (see <see cref="TpiLow"/>); never below <see cref="Tti"/>.</summary>
    public double[] TtiHigh { get; }

    /// <summary>The same rows with the vehicles counted and the intervals worked out (see <see cref="VehicleBootstrap"/>).</summary>
    internal GroupIndexTable WithSpread(int[] vehicles, double[] tpiLow, double[] tpiHigh, double[] ttiLow, double[] ttiHigh) => new(
        Groups, BinStartMs, Tpi, Levels, Tti, SpeedKmh, CongestedShare, CongestedRatio, Vkt, Traversals, Segments, Coverage,
        vehicles, tpiLow, tpiHigh, ttiLow, ttiHigh);

    private static double[] Unknown(int count) => System.Linq.Enumerable.Repeat(double.NaN, count).ToArray();
}
