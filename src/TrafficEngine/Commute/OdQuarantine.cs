using TrafficEngine.IO;

namespace TrafficEngine.Commute;

/// <summary>Reason codes of the commute quarantine (quarantine.csv's <c>reason</c>).</summary>
public static class OdReasons
{
    /// <summary>The home or work zone is not among the zones (or empty): the row is dropped.</summary>
    public const string UnknownZone = "unknown_zone";

    /// <summary>The count is below zero: the row is dropped.</summary>
    public const string NegativeCount = "negative_count";

    /// <summary>The count is empty, not a number, or not finite: the row is dropped.</summary>
    public const string NonNumericCount = "non_numeric_count";

    /// <summary>The count has a fraction (an expanded or weighted sample): kept as it is, counted.</summary>
    public const string NonIntegerCount = "non_integer_count";

    /// <summary>A second row for the same home, work (and mode): counts summed, costs count-weighted; counted.</summary>
    public const string DuplicatePair = "duplicate_pair";

    /// <summary>A distance or time that is present but not a non-negative number: read as missing.</summary>
    public const string BadCost = "bad_cost";

    /// <summary>
    /// A pair with no distance (or time) where the metrics need one and nothing fills it: its commuters count for
    /// residents and jobs but not for the distance (or time) metrics.
    /// </summary>
    public const string MissingCost = "missing_cost";
}

/// <summary>One quarantined or flagged OD row: where it is, the field, the reason code, and whether it was kept.</summary>
public sealed record OdQuarantineEntry(string File, long Line, string Field, string Reason, string Detail, bool Kept);

/// <summary>The quarantine of one commute run, written as quarantine.csv.</summary>
public sealed class OdQuarantine
{
    private readonly List<OdQuarantineEntry> _entries = [];

    public IReadOnlyList<OdQuarantineEntry> Entries => _entries;

    public void Add(OdQuarantineEntry entry) => _entries.Add(entry);

    /// <summary>Entries with a reason code.</summary>
    public int Count(string reason) => _entries.Count(e => e.Reason == reason);

    /// <summary>Counts per reason code, in code order.</summary>
    public IReadOnlyDictionary<string, int> CountsByReason() =>
        _entries.GroupBy(e => e.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Writes file, line, field, reason, detail, kept (header written even when empty).</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = new CsvWriter(writer, ["file", "line", "field", "reason", "detail", "kept"]);
        foreach (OdQuarantineEntry e in _entries)
        {
            csv.Add(e.File).Add(e.Line).Add(e.Field).Add(e.Reason).Add(e.Detail).Add(e.Kept);
            csv.EndRow();
        }

        csv.Flush();
    }
}
