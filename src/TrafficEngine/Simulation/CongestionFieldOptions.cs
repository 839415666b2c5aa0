using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// Settings of a simulated taxi workday under a known congestion field (<see cref="CongestionFieldSimulator"/>).
/// The defaults are a T-Drive-like fleet: 900 taxis reporting every 180 s, no occupied flag.
/// </summary>
public sealed record CongestionFieldOptions
{
    public int Vehicles { get; init; } = 900;

    /// <summary>Seconds between two fixes of one vehicle.</summary>
    public double IntervalSeconds { get; init; } = 180;

    /// <summary>Standard deviation of the position noise, metres, east and north.</summary>
    public double NoiseMetres { get; init; } = 20;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Seed of the vehicles' trips, stops and noise; null: <see cref="Seed"/>. With <see cref="Seed"/> fixed (the same
    /// field: free flow, hot spots) and this varied, the days of a simulated month differ in their traffic only.
    /// </summary>
    public int? TrafficSeed { get; init; }

    /// <summary>The simulated day, Beijing local (a workday, for the peaks).</summary>
    public DateOnly Day { get; init; } = new(2008, 2, 13);

    /// <summary>First and last hour of service, Beijing local; each taxi starts within the first hour.</summary>
    public double StartHour { get; init; } = 5;

    public double EndHour { get; init; } = 24;

    /// <summary>Whether the feed carries the occupied flag (true while a fare is on board).</summary>
    public bool OccupiedFlag { get; init; }

    /// <summary>Free-flow speed by road class (expressway, arterial, collector, local), km/h.</summary>
    public IReadOnlyList<double> FreeFlowKmh { get; init; } = [80, 55, 45, 38];

    /// <summary>Centres of recurrent congestion: a random node each, with a Gaussian footprint of this radius.</summary>
    public int HotSpots { get; init; } = 12;

    public double HotSpotRadiusMetres { get; init; } = 3_000;

    /// <summary>Fare trip length bounds along the road, metres.</summary>
    public double MinTripMetres { get; init; } = 2_000;

    public double MaxTripMetres { get; init; } = 15_000;

    /// <summary>Standing time at a drop-off or a pick-up, seconds (uniform between the bounds).</summary>
    public double MinStopSeconds { get; init; } = 60;

    public double MaxStopSeconds { get; init; } = 300;

    /// <summary>
    /// Chance that a vacant taxi cruises for a fare (a random walk, slower than traffic) instead of driving straight to
    /// the next one.
    /// </summary>
    public double CruiseProbability { get; init; } = 0.5;

    /// <summary>Speed of a cruising taxi as a share of the field's speed.</summary>
    public double CruiseSpeedShare { get; init; } = 0.7;

    public double MinCruiseSeconds { get; init; } = 180;

    public double MaxCruiseSeconds { get; init; } = 900;

    /// <summary>Spread of one driver's speed around the field's, as a share (uniform, per vehicle and edge).</summary>
    public double DriverSpread { get; init; } = 0.05;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Vehicles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IntervalSeconds, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseMetres);
        if (!(StartHour >= 0 && EndHour <= 24 && StartHour < EndHour))
        {
            throw new ArgumentOutOfRangeException(nameof(EndHour), $"Service hours {StartHour}-{EndHour} are not within one day.");
        }

        if (FreeFlowKmh.Count != RoadClasses.Count || FreeFlowKmh.Any(v => !(v > 0)))
        {
            throw new ArgumentException($"{nameof(FreeFlowKmh)} needs {RoadClasses.Count} positive speeds.", nameof(FreeFlowKmh));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(HotSpots);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HotSpotRadiusMetres, 0);
        if (!(MinTripMetres > 0 && MinTripMetres < MaxTripMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(MinTripMetres), "Trip bounds need 0 < min < max.");
        }

        if (!(MinStopSeconds >= 0 && MinStopSeconds <= MaxStopSeconds) || !(MinCruiseSeconds > 0 && MinCruiseSeconds <= MaxCruiseSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(MinStopSeconds), "Stop and cruise bounds need 0 <= min <= max.");
        }

        if (!(CruiseProbability >= 0 && CruiseProbability <= 1) || !(CruiseSpeedShare > 0 && CruiseSpeedShare <= 1)
            || !(DriverSpread >= 0 && DriverSpread < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(CruiseProbability), "Shares must lie in their ranges.");
        }
    }
}
