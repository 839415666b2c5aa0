using System.Text.Json.Serialization;

namespace TrafficEngine.Commute;

/// <summary>
/// Whole-area commute figures (commute_summary.json). Distances in km, times in minutes, shares in [0, 1]; NaN where
/// the input has no distance (time). The mean, minimum and maximum are per commuter over the commuters whose pair has
/// a cost; excess commuting = (obs - min) / obs; commuting potential utilised = (obs - min) / (max - min).
/// Shares count each commuter at the mean time (distance) of their pair.
/// </summary>
public sealed record CommuteSummary
{
    public double Commuters { get; init; }
    public int Zones { get; init; }
    public int ObservedPairs { get; init; }
    public bool ObservedPairsOnly { get; init; }

    public double CommutersWithDistance { get; init; }
    public double MeanDistanceKm { get; init; }
    public double MinDistanceKm { get; init; }
    public double MaxDistanceKm { get; init; }
    public double ExcessCommuting { get; init; }
    public double CommutingPotentialUtilised { get; init; }
    public int DistanceArcs { get; init; }

    public double CommutersWithTime { get; init; }
    public double MeanTimeMin { get; init; }
    public double MinTimeMin { get; init; }
    public double MaxTimeMin { get; init; }
    public double ExcessCommutingTime { get; init; }
    public double CommutingPotentialUtilisedTime { get; init; }
    public int TimeArcs { get; init; }

    [JsonPropertyName("share_time_le_45")]
    public double ShareTimeLe45 { get; init; }
    [JsonPropertyName("share_time_gt_60")]
    public double ShareTimeGt60 { get; init; }
    [JsonPropertyName("share_distance_le_5")]
    public double ShareDistanceLe5 { get; init; }
    public double CommutingRadiusKm { get; init; }

    public int NetworkCostPairs { get; init; }
    public int StraightLineCostPairs { get; init; }
    public double SolverSeconds { get; init; }
    public double SolverObjectiveErrorBoundKm { get; init; }

    public double K { get; init; }
    public int SuppressedCells { get; init; }
    public int PrimarySuppressedCells { get; init; }
    public int ComplementarySuppressedCells { get; init; }
    public int UnprotectedCells { get; init; }

    /// <summary>Districts in the zones, and those whose self-containment and internal capture are withheld.</summary>
    public int Districts { get; init; }
    public int WithheldDistricts { get; init; }
    public double CatchmentRadiusKm { get; init; }

    public IReadOnlyDictionary<string, int> Quarantined { get; init; } = new Dictionary<string, int>();
}
