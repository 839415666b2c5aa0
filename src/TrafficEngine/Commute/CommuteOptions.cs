namespace TrafficEngine.Commute;

/// <summary>Settings of <see cref="CommuteAnalyzer"/>, with documented defaults.</summary>
public sealed class CommuteOptions
{
    /// <summary>Column names of the OD table.</summary>
    public OdColumns Columns { get; set; } = new();

    /// <summary>
    /// Minimum and maximum commute over the observed pairs only (false: over every zone pair with a cost, from the
    /// table, the network or the flagged straight-line fallback).
    /// </summary>
    public bool ObservedPairsOnly { get; set; }

    /// <summary>Published OD cells with fewer commuters are suppressed (k, default 10; 0 or 1 publishes every cell).</summary>
    public double K { get; set; } = 10;

    /// <summary>Radius of the floating catchment of the jobs-housing ratio, km between centroids (default 5).</summary>
    public double CatchmentRadiusKm { get; set; } = 5;

    /// <summary>Share of commuters the commuting-radius ellipse holds (default 0.9).</summary>
    public double RadiusShare { get; set; } = 0.9;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Columns);
        if (!double.IsFinite(K) || K < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, "k must be a non-negative number.");
        }

        if (!double.IsFinite(CatchmentRadiusKm) || CatchmentRadiusKm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CatchmentRadiusKm), CatchmentRadiusKm, "the catchment radius must be positive.");
        }

        if (!(RadiusShare > 0 && RadiusShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RadiusShare), RadiusShare, "the radius share must be in (0, 1].");
        }
    }
}
