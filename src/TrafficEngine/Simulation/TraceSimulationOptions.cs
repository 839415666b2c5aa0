namespace TrafficEngine.Simulation;

/// <summary>Settings of <see cref="TraceSimulator"/>: how many vehicles, how long their trips, how they are sampled.</summary>
public sealed class TraceSimulationOptions
{
    /// <summary>Number of simulated vehicles, one trip each. Default 200.</summary>
    public int Vehicles { get; set; } = 200;

    /// <summary>Seconds between fixes. Default 30.</summary>
    public double IntervalSeconds { get; set; } = 30;

    /// <summary>Standard deviation of the Gaussian position noise, metres, applied in both axes. Default 20.</summary>
    public double NoiseMetres { get; set; } = 20;

    /// <summary>Shortest accepted trip along the road, metres. Default 3,000.</summary>
    public double MinTripMetres { get; set; } = 3_000;

    /// <summary>Longest accepted trip along the road, metres. Default 15,000.</summary>
    public double MaxTripMetres { get; set; } = 15_000;

    /// <summary>Seed of the random generator: the same seed and network give the same fleet. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>First departure, UTC epoch milliseconds. Default 2008-02-04 08:00 Beijing time.</summary>
    public long StartTimeMs { get; set; } = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    /// <summary>
    /// Typical driving speed per road class in km/h (expressway, arterial, collector, local); each edge of a trip
    /// draws its speed uniformly from 75-115 % of it. Routes are fastest paths under these speeds.
    /// </summary>
    public IReadOnlyList<double> ClassSpeedsKmh { get; set; } = [65, 40, 32, 25];

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Vehicles);
        if (!(IntervalSeconds > 0) || !double.IsFinite(IntervalSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalSeconds), IntervalSeconds, "Must be positive.");
        }

        if (!(NoiseMetres >= 0) || !double.IsFinite(NoiseMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseMetres), NoiseMetres, "Must be zero or positive.");
        }

        if (!(MinTripMetres >= 0 && MaxTripMetres > MinTripMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTripMetres), MaxTripMetres, "Needs 0 <= MinTripMetres < MaxTripMetres.");
        }

        if (ClassSpeedsKmh is not { Count: 4 } || ClassSpeedsKmh.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Four positive class speeds are needed.", nameof(ClassSpeedsKmh));
        }
    }
}
