using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrafficEngine.MapMatching;

/// <summary>The outcome of matching a probe set: every fix is either matched or counted as without candidates.</summary>
public sealed record MatchReport
{
    private static readonly MatchJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public long Fixes { get; init; }

    public long FixesMatched { get; init; }

    /// <summary>Share of fixes matched, percent (2 decimals).</summary>
    public double MatchedPercent => Fixes == 0 ? 0 : Math.Round(100.0 * FixesMatched / Fixes, 2);

    /// <summary>Fixes with no edge within the search radius (unmatched).</summary>
    public long NoCandidateFixes { get; init; }

    public int Vehicles { get; init; }

    /// <summary>Trajectory pieces matched; pieces = vehicles with a match + breaks.</summary>
    public long Pieces { get; init; }

    public long GapBreaks { get; init; }

    public long ImpossibleBreaks { get; init; }

    public long Breaks => GapBreaks + ImpossibleBreaks;

    /// <summary>Median distance from a matched fix to its matched position, metres; null when nothing matched.</summary>
    public double? MedianDistanceMetres { get; init; }

    public double? P95DistanceMetres { get; init; }

    public long TraversalsWritten { get; init; }

    /// <summary>Stays found: runs of fixes standing within the stay radius for at least the minimum time.</summary>
    public long Stays { get; init; }

    /// <summary>Fix pairs inside a stay (no traversal) and their total time, seconds: standing is not congestion.</summary>
    public long DwellPairs { get; init; }

    public double DwellSeconds { get; init; }

    /// <summary>Fix pairs into or out of a stay, left out of speeds (how much of their time was standing is unknown).</summary>
    public long StayEdgePairs { get; init; }

    /// <summary>Fix pairs with a vacant end where the feed has the occupied flag, left out of speeds (cruising).</summary>
    public long VacantPairs { get; init; }

    /// <summary>
    /// Occupied fix pairs into a drop-off or out of a pick-up (where the flag flips), left out of speeds: the taxi
    /// stood there with the meter on for an unknown part of them.
    /// </summary>
    public long FareEndPairs { get; init; }

    /// <summary>
    /// Fix pairs inside a wandering stretch (see <see cref="MatchOptions.MinDirectness"/>), left out of speeds: the
    /// vehicle did not drive the route read between its fixes. They still count for matching.
    /// </summary>
    public long WanderingPairs { get; init; }

    [JsonIgnore]
    public TimeSpan Elapsed { get; init; }

    public double ElapsedSeconds => Math.Round(Elapsed.TotalSeconds, 3);

    /// <summary>Fixes per second of wall time over the whole match (reading excluded, building outputs included).</summary>
    public double FixesPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(Fixes / Elapsed.TotalSeconds) : 0;

    public int Threads { get; init; }

    public CrsCheckResult? CrsCheck { get; init; }

    /// <summary>The options used, by name (sigma_m, beta_m, radius_m, ...).</summary>
    public required IReadOnlyDictionary<string, double> Options { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json.MatchReport);
}

[JsonSerializable(typeof(MatchReport))]
internal sealed partial class MatchJsonContext : JsonSerializerContext;
