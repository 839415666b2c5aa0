namespace TrafficEngine.MapMatching;

/// <summary>
/// Settings of the hidden Markov model map matcher (DOMAIN.md §2). The defaults suit sparse probe fleets sampled
/// every 30-180 s, such as T-Drive taxis; 1 Hz phone traces want a smaller sigma and radius.
/// </summary>
public sealed class MatchOptions
{
    /// <summary>Standard deviation of the GPS error in the Gaussian emission, metres. Default 20 (sparse probes).</summary>
    public double SigmaMetres { get; set; } = 20;

    /// <summary>
    /// Scale of the exponential transition on |great-circle distance - route distance|, metres. Default 30: detours
    /// of a few tens of metres between fixes 30 s or more apart are ordinary (turns, ramps).
    /// </summary>
    public double BetaMetres { get; set; } = 30;

    /// <summary>Search radius for candidate edges around each fix, metres. Default 100.</summary>
    public double RadiusMetres { get; set; } = 100;

    /// <summary>
    /// At most this many candidate edges per fix (the nearest, one per edge). Default 12: at Beijing's interchanges,
    /// with roads cut into short pieces, the true edge is not among the nearest 8 for about 3 % of fixes (0.1 % for 16).
    /// </summary>
    public int MaxCandidates { get; set; } = 12;

    /// <summary>A time gap longer than this between consecutive fixes breaks the trajectory, seconds. Default 600.</summary>
    public double GapBreakSeconds { get; set; } = 600;

    /// <summary>A transition implying more than this speed along the route is impossible, km/h. Default 150.</summary>
    public double MaxSpeedKmh { get; set; } = 150;

    /// <summary>
    /// Plausible speed on an edge = its free-flow speed x this factor. A transition whose route cannot be driven in
    /// the time gap at plausible speeds gets the shortfall (route metres not coverable in time) added to its
    /// |great-circle - route| difference; this separates the parallel main and side roads of Beijing's expressways.
    /// Default 1.0: the class speeds are already generous for congested city traffic, and anything looser lets a
    /// vehicle doing 70 km/h run along a 50 km/h side road.
    /// </summary>
    public double SpeedFactor { get; set; } = 1.0;

    /// <summary>
    /// Routes between candidates are least-cost paths where a metre of road costs 1 + class x this (expressway 0,
    /// arterial 1, collector 2, local 3): among near-equal routes the one on the bigger roads wins, as drivers choose.
    /// Distances reported are still metres. The excess of cost over metres also counts in the transition, so a
    /// path along smaller roads needs closer fixes to win. Default 0.03 (0 turns it off).
    /// </summary>
    public double ClassPreference { get; set; } = 0.03;

    /// <summary>
    /// Route searches stop at min(MaxSpeedKmh x gap, RouteDistanceFactor x great-circle + RouteSlackMetres); a pair of
    /// candidates further apart along the road is no transition. Default 2.
    /// </summary>
    public double RouteDistanceFactor { get; set; } = 2;

    /// <summary>See <see cref="RouteDistanceFactor"/>. Default 1,000 m (Valhalla's breakage distance is 2,000 m).</summary>
    public double RouteSlackMetres { get; set; } = 1_000;

    /// <summary>
    /// Beam of the Viterbi search, in natural-log units per 30 s of gap (longer gaps widen it in proportion, as the
    /// transition scores spread with the distance covered, up to 4 times at 2 minutes): a candidate scoring more than this below the best of its
    /// fix starts no route search, and route searches stop where every target left would score below the beam. When
    /// no candidate within the beam reaches the next fix, every candidate is tried before the trajectory is broken.
    /// Default 12 (e^-12 = 6e-6); +infinity gives the exact Viterbi, which the bounded searches keep exact. On the
    /// T-Drive sample 98.8 % of fixes get the same edge as with the exact Viterbi; it is 4.4x faster on simulated
    /// Beijing fleets at 30 s and 1.85x on the whole T-Drive set (4-5 minute sampling).
    /// </summary>
    public double BeamLogWidth { get; set; } = 12;

    /// <summary>Fixes sampled for the coordinate-system check (0 turns it off). Default 2,000.</summary>
    public int CrsCheckSampleSize { get; set; } = 2_000;

    /// <summary>When the coordinate-system check finds another system fits clearly better, fail instead of warning.</summary>
    public bool StrictCrs { get; set; }

    /// <summary>
    /// How the time between two fixes is shared among the edges of the route between them: by expected travel time at
    /// each edge's free-flow speed (default; Hellinga et al. 2008, Jenelius and Koutsopoulos 2013), so an expressway
    /// stretch beside a slow ramp keeps its speed, or by distance (false; every edge of the pair gets one speed).
    /// </summary>
    public bool ShareTimeByExpectedTravelTime { get; set; } = true;

    /// <summary>
    /// Stay points (Li et al. 2008): consecutive fixes within this radius of the run's first fix over at least
    /// <see cref="StayMinSeconds"/> are a vehicle standing (fares, loading, parking), not driving in traffic. The pairs
    /// inside a stay give no traversal (their time is counted as dwell), and the pairs into and out of a stay give none
    /// either (how much of their time was standing is unknown). Default 50 m.
    /// </summary>
    public double StayRadiusMetres { get; set; } = 50;

    /// <summary>
    /// Shortest stay, seconds; 0 turns stay detection off (no dwell, every pair gives traversals). Default 60. With a
    /// radius of 0 only fixes at the very same position make a stay.
    /// </summary>
    public double StayMinSeconds { get; set; } = 60;

    /// <summary>
    /// Where the feed carries an occupied flag, pairs with a vacant end give no traversal: a vacant taxi cruises for
    /// fares and does not drive the shortest route between sparse fixes, so its speed read along that route is too
    /// low. Default true.
    /// </summary>
    public bool LeaveOutVacant { get; set; } = true;

    /// <summary>
    /// Where the feed carries an occupied flag, occupied pairs into a drop-off or out of a pick-up (an occupied end
    /// next to a vacant fix) give no traversal either: the taxi stood there with the meter on for part of the pair.
    /// Measured on simulated 180 s days, this takes the traversals read from pairs that include standing from 15 % to
    /// 1.8 % of all, but the city TPI's error grows (900 taxis: MAE 1.00 to 1.84), because the aggregate's shrinkage
    /// of thinly observed cells (<see cref="Congestion.CongestionOptions.AggregateShrinkVehicles"/>) then
    /// under-reads the off-peak (bench/RESULTS.md). Default false until that estimator is unbiased on clean readings.
    /// </summary>
    public bool LeaveOutFareEnds { get; set; }

    /// <summary>
    /// Wandering (taxis cruising for fares without a destination, where the feed has no occupied flag): around each
    /// fix pair, the moving fixes of a window this long (centred on the pair, within the stretch between stays and
    /// breaks) are compared: the straight-line distance from the window's first fix to its last over the road
    /// distance matched through the window is its directness. A vehicle going somewhere, however slowly, keeps
    /// moving away from where it was (a queue delays it, it does not turn it round); a vehicle wandering does not, and
    /// the shortest route between its sparse fixes is shorter than the road it drove, so its speed reads too low.
    /// The rule looks at the path's shape only, never at its speed, so real congestion is not hidden by it. It applies
    /// to vehicles without an occupied flag (with the flag and <see cref="LeaveOutVacant"/>, vacant pairs are left out
    /// instead: on a simulated 3,000-taxi 30 s day the rule would drop 5 % more pairs there for no gain).
    /// Default 600 s; 0 turns the rule off.
    /// </summary>
    public double WanderWindowSeconds { get; set; } = 600;

    /// <summary>
    /// Pairs whose window has a directness below this give no traversal (counted as wandering); see
    /// <see cref="WanderWindowSeconds"/>. Default 0.5.
    /// </summary>
    public double MinDirectness { get; set; } = 0.5;

    /// <summary>
    /// Windows whose matched road distance is shorter than this are not judged (GPS noise dominates the straight
    /// line there), metres. Default 300.
    /// </summary>
    public double MinWanderMetres { get; set; } = 300;

    /// <summary>Worker threads; 0 means one per processor. Output order never depends on it.</summary>
    public int MaxDegreeOfParallelism { get; set; }

    public void Validate()
    {
        Positive(SigmaMetres, nameof(SigmaMetres));
        Positive(BetaMetres, nameof(BetaMetres));
        Positive(RadiusMetres, nameof(RadiusMetres));
        Positive(GapBreakSeconds, nameof(GapBreakSeconds));
        Positive(MaxSpeedKmh, nameof(MaxSpeedKmh));
        Positive(SpeedFactor, nameof(SpeedFactor));
        if (!(ClassPreference >= 0) || !double.IsFinite(ClassPreference))
        {
            throw new ArgumentOutOfRangeException(nameof(ClassPreference), ClassPreference, $"{nameof(ClassPreference)} must be zero or positive.");
        }

        if (!(RouteDistanceFactor >= 1) || !double.IsFinite(RouteDistanceFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(RouteDistanceFactor), RouteDistanceFactor, $"{nameof(RouteDistanceFactor)} must be at least 1.");
        }

        if (!(RouteSlackMetres >= 0) || !double.IsFinite(RouteSlackMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(RouteSlackMetres), RouteSlackMetres, $"{nameof(RouteSlackMetres)} must be zero or positive.");
        }

        if (!(BeamLogWidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(BeamLogWidth), BeamLogWidth, $"{nameof(BeamLogWidth)} must be positive (+infinity for the exact Viterbi).");
        }

        NonNegative(StayRadiusMetres, nameof(StayRadiusMetres));
        NonNegative(StayMinSeconds, nameof(StayMinSeconds));
        NonNegative(WanderWindowSeconds, nameof(WanderWindowSeconds));
        NonNegative(MinWanderMetres, nameof(MinWanderMetres));
        if (!(MinDirectness >= 0 && MinDirectness <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDirectness), MinDirectness, $"{nameof(MinDirectness)} must lie between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxCandidates, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(CrsCheckSampleSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDegreeOfParallelism);
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or positive.");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number.");
        }
    }
}
