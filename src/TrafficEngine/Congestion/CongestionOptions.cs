namespace TrafficEngine.Congestion;

/// <summary>Settings of the congestion analysis, with the defaults the Beijing reports use. All are recorded in outputs.</summary>
public sealed class CongestionOptions
{
    /// <summary>Bin width in minutes (5, 15 or 60; bins start at Beijing local midnight). Default 15.</summary>
    public int BinMinutes { get; set; } = 15;

    /// <summary>
    /// A cell with fewer distinct vehicles is low-sample: kept in the speed table, flagged, and left out of the
    /// published cell files (the k-vehicle rule protects people in published cells). Default 5.
    /// </summary>
    public int MinVehicles { get; set; } = 5;

    /// <summary>
    /// Cells seen by at least this many vehicles inform the city, area and corridor indices. An aggregate over many
    /// vehicles discloses no one, so the k rule does not apply there; leaving thin cells out biases an index towards
    /// the busiest roads (measured on simulated days, bench/RESULTS.md). Default 1: every observed cell.
    /// </summary>
    public int AggregateMinVehicles { get; set; } = 1;

    /// <summary>
    /// In aggregates, a cell below <see cref="MinVehicles"/> has its pace shrunk towards its road class's pace in the
    /// bin with the weight of this many vehicles before it is classified (0: no shrinkage). Default 2.
    /// </summary>
    public double AggregateShrinkVehicles { get; set; } = 2;

    /// <summary>
    /// The class shares of the city, area and corridor indices are corrected for where the fleet drives: an
    /// unobserved edge counts as congested as the observed length of its road class in its square cell of this side
    /// (see <see cref="SelectionStrata"/>); 0 takes the observed edges' share as the class's (no correction).
    /// Default 2,000 m, measured on simulated days (bench/RESULTS.md).
    /// </summary>
    public double SelectionCellMetres { get; set; } = 2000;

    /// <summary>
    /// A cell's observed share is shrunk towards the same class in the cell four times larger, and that towards the
    /// whole class, with the weight of this many metres of observed length. Default 3,000 m: on simulated days it
    /// gives the same error as 1,000 m for a sparse fleet (900 taxis, 180 s) and a smaller one for a dense fleet
    /// (3,000 vehicles, 30 s: MAE 0.57 against 0.60), whose observed cells are many but short (bench/RESULTS.md).
    /// </summary>
    public double SelectionPriorMetres { get; set; } = 3000;

    /// <summary>
    /// A city, area or corridor bin whose coverage (the VKT-weighted observed share of each class's length) is below
    /// this gets no TPI: it is published with an empty tpi and level insufficient_data. Default 0.05, measured on
    /// simulated days (bench/RESULTS.md): with 50 taxis at 180 s it cut the worst bin's error from 8.4 to 2.7 points,
    /// and with 900 taxis no bin falls below it.
    /// </summary>
    public double MinCoverage { get; set; } = 0.05;

    /// <summary>
    /// Replicates of the Poisson bootstrap over vehicles behind the tpi_low/tpi_high and tti_low/tti_high intervals of
    /// every city, area and corridor row (0: no intervals; vehicles are still counted). Default 200.
    /// </summary>
    public int IntervalReplicates { get; set; } = 200;

    /// <summary>
    /// The bootstrap resamples the network too, in square blocks of this side: congestion is spatially correlated (a
    /// queue spans several links, a district slows together), so the observed roads of a bin tell about the
    /// unobserved ones only as much as their blocks do. 0 resamples edges one by one. Default 1,000 m, about the
    /// spacing of Beijing's arterial grid; measured on simulated days (bench/RESULTS.md).
    /// </summary>
    public double IntervalBlockMetres { get; set; } = 1000;

    /// <summary>Probability the intervals are meant to hold the figure's value: 0.90 takes the 5th and 95th percentiles of the replicates.</summary>
    public double IntervalLevel { get; set; } = 0.90;

    /// <summary>
    /// Traversals slower than this are a parked, loading or waiting vehicle rather than traffic (taxis between sparse
    /// fixes): counted and left out. Default 3 km/h.
    /// </summary>
    public double MinTraversalSpeedKmh { get; set; } = 3;

    /// <summary>Traversals faster than this are matching or clock errors: counted and left out. Default 150 km/h.</summary>
    public double MaxTraversalSpeedKmh { get; set; } = 150;

    public FreeFlowMethod FreeFlowMethod { get; set; } = FreeFlowMethod.OffPeakPercentile;

    /// <summary>Percentile of off-peak speeds for <see cref="FreeFlowMethod.OffPeakPercentile"/>. Default 0.85.</summary>
    public double FreeFlowPercentile { get; set; } = 0.85;

    /// <summary>Number of fastest hours averaged for <see cref="FreeFlowMethod.FastestHours"/>. Default 4.</summary>
    public int FastestHours { get; set; } = 4;

    /// <summary>Traversals an hour needs to count for <see cref="FreeFlowMethod.FastestHours"/>. Default 4.</summary>
    public int MinHourlyTraversals { get; set; } = 4;

    /// <summary>
    /// Observed values (off-peak bins, or qualifying hours) a segment needs before its own free-flow estimate is used;
    /// below it the network's free-flow speed (maxspeed or class default) stands. Default 4.
    /// </summary>
    public int MinFreeFlowValues { get; set; } = 4;

    /// <summary>
    /// Cells need at least this many distinct vehicles to inform free flow. A free-flow speed is a percentile over many
    /// bins, an aggregate rather than a published cell, so the k rule (<see cref="MinVehicles"/>) does not apply. Default
    /// 1, measured on simulated workdays against the field's free flow (bench/RESULTS.md): with cells of 5+ vehicles
    /// only the busiest edges have data, their speeds read low and the fallback spreads that, a VKT-weighted error of
    /// 15.9 %; with every cell 11.3 % (9.8 % with three days of history), against 13.8 % for own data or the network's speed.
    /// </summary>
    public int FreeFlowMinVehicles { get; set; } = 1;

    /// <summary>
    /// Road stretches of the free-flow fallback (<see cref="FreeFlowSource.Road"/>) join consecutive edges of one road
    /// whose heading turns by at most this many degrees at the shared node (see <see cref="FreeFlowGroups"/>). Default 45.
    /// </summary>
    public double FreeFlowRoadMaxTurnDegrees { get; set; } = 45;

    /// <summary>A road stretch of the free-flow fallback ends once it is this long, metres. Default 2,000.</summary>
    public double FreeFlowRoadStretchMetres { get; set; } = 2000;

    /// <summary>
    /// Side of the grid cells that are the areas of the free-flow fallback (<see cref="FreeFlowSource.ClassInArea"/>)
    /// for edges outside every area polygon, or when none were given, metres. Default 4,000.
    /// </summary>
    public double FreeFlowAreaCellMetres { get; set; } = 4000;

    /// <summary>
    /// History (earlier segment_speeds.arrow files) counts for free flow and typical speeds over this many days
    /// before the first bin of the current data. Default 28.
    /// </summary>
    public int HistoryDays { get; set; } = 28;

    /// <summary>Speed thresholds of the levels per road class. Default the Beijing standard.</summary>
    public LevelThresholds Thresholds { get; set; } = LevelThresholds.Beijing;

    /// <summary>The least level that counts as congested for mileage ratios, durations and recurrence. Default moderate.</summary>
    public CongestionLevel CongestedFrom { get; set; } = CongestionLevel.Moderate;

    /// <summary>Congested-mileage ratio to TPI breakpoints. Default <see cref="TpiScale.Default"/>.</summary>
    public TpiScale Tpi { get; set; } = TpiScale.Default;

    /// <summary>Workdays, holidays and peaks.</summary>
    public BeijingCalendar Calendar { get; set; } = new();

    /// <summary>A segment is recurrently congested in a bin of the day when congested there on at least this share of the observed workdays. Default 0.6.</summary>
    public double RecurrentShare { get; set; } = 0.6;

    /// <summary>...and on at least this many workdays. Default 2.</summary>
    public int RecurrentMinDays { get; set; } = 2;

    /// <summary>The most replicates <see cref="IntervalReplicates"/> may ask for.</summary>
    public const int MaxIntervalReplicates = 10_000;

    public void Validate()
    {
        if (BinMinutes <= 0 || 1440 % BinMinutes != 0 || 480 % BinMinutes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BinMinutes), BinMinutes, "The bin must divide the day and the 8-hour offset: 5, 10, 15, 20, 30, 60, ... minutes.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinVehicles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AggregateMinVehicles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FreeFlowMinVehicles);
        if (!(MinCoverage >= 0 && MinCoverage <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinCoverage), MinCoverage, "Needs a share between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(IntervalReplicates);
        if (IntervalReplicates > MaxIntervalReplicates)
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalReplicates), IntervalReplicates, $"At most {MaxIntervalReplicates} replicates.");
        }

        if (!(IntervalBlockMetres >= 0 && double.IsFinite(IntervalBlockMetres)))
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalBlockMetres), IntervalBlockMetres, "Needs a block side of 0 metres or more.");
        }

        if (!(IntervalLevel > 0 && IntervalLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalLevel), IntervalLevel, "Needs a probability strictly between 0 and 1.");
        }

        if (!(SelectionCellMetres >= 0 && double.IsFinite(SelectionCellMetres)))
        {
            throw new ArgumentOutOfRangeException(nameof(SelectionCellMetres), SelectionCellMetres, "Needs a cell side of 0 metres or more.");
        }

        if (!(SelectionPriorMetres >= 0 && double.IsFinite(SelectionPriorMetres)))
        {
            throw new ArgumentOutOfRangeException(nameof(SelectionPriorMetres), SelectionPriorMetres, "Needs a weight of 0 metres or more.");
        }

        if (!(AggregateShrinkVehicles >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AggregateShrinkVehicles), AggregateShrinkVehicles, "Needs a weight of 0 or more vehicles.");
        }
        if (!(MinTraversalSpeedKmh >= 0 && MaxTraversalSpeedKmh > MinTraversalSpeedKmh))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTraversalSpeedKmh), MaxTraversalSpeedKmh, "Needs 0 <= MinTraversalSpeedKmh < MaxTraversalSpeedKmh.");
        }

        if (!(FreeFlowPercentile > 0 && FreeFlowPercentile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FreeFlowPercentile), FreeFlowPercentile, "Must lie strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FastestHours);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinHourlyTraversals);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinFreeFlowValues);
        if (!(FreeFlowRoadMaxTurnDegrees >= 0 && FreeFlowRoadMaxTurnDegrees < 180))
        {
            throw new ArgumentOutOfRangeException(nameof(FreeFlowRoadMaxTurnDegrees), FreeFlowRoadMaxTurnDegrees, "Needs 0 to 180 degrees (180 excluded: a U-turn is the other direction).");
        }

        if (!(FreeFlowRoadStretchMetres > 0) || !(FreeFlowAreaCellMetres > 0) || double.IsInfinity(FreeFlowAreaCellMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(FreeFlowAreaCellMetres), FreeFlowAreaCellMetres, "Road stretches and area cells need a positive, finite length in metres.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HistoryDays);
        ArgumentNullException.ThrowIfNull(Thresholds);
        ArgumentNullException.ThrowIfNull(Tpi);
        ArgumentNullException.ThrowIfNull(Calendar);
        if (!(RecurrentShare > 0 && RecurrentShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RecurrentShare), RecurrentShare, "Must lie in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecurrentMinDays);
    }
}
