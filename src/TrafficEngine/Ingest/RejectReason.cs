namespace TrafficEngine.Ingest;

/// <summary>
/// The reason codes written to the quarantine file and the ingest summary. They are a public contract: never rename.
/// A rejected row gets exactly one: the first that applies with the checks in this order: wrong_field_count,
/// then per field in the order vehicle_id, timestamp, lon, lat (missing_field for all four first, then
/// unparsable_field, then the optional fields), bad_coordinate (on the raw values), outside_bbox (on the WGS-84
/// values), outside_time_window, and after sorting each vehicle's fixes by time: duplicate, drift.
/// </summary>
public static class RejectReason
{
    /// <summary>A field could not be parsed as its type (number, timestamp, boolean).</summary>
    public const string UnparsableField = "unparsable_field";

    /// <summary>The row has more or fewer fields than the header (csv) or the fixed layout (tdrive).</summary>
    public const string WrongFieldCount = "wrong_field_count";

    /// <summary>A required field is empty.</summary>
    public const string MissingField = "missing_field";

    /// <summary>Longitude or latitude is NaN, infinite, exactly zero, |lon| &gt; 180 or |lat| &gt; 90.</summary>
    public const string BadCoordinate = "bad_coordinate";

    /// <summary>The WGS-84 position lies outside the requested bounding box.</summary>
    public const string OutsideBbox = "outside_bbox";

    /// <summary>The timestamp lies outside the requested half-open window [from, to).</summary>
    public const string OutsideTimeWindow = "outside_time_window";

    /// <summary>Same vehicle and timestamp as an earlier kept fix (the first in file order is kept).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Implied great-circle speed from the previous kept fix of the vehicle exceeds the speed limit.</summary>
    public const string Drift = "drift";

    /// <summary>Every code, in the order of the summary.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UnparsableField, WrongFieldCount, MissingField, BadCoordinate, OutsideBbox, OutsideTimeWindow, Duplicate, Drift,
    ];

    internal static string FromCode(RejectCode code) => All[(int)code - 1];
}

/// <summary>Dense internal form of <see cref="RejectReason"/>; 0 means kept.</summary>
internal enum RejectCode : byte
{
    None = 0,
    UnparsableField,
    WrongFieldCount,
    MissingField,
    BadCoordinate,
    OutsideBbox,
    OutsideTimeWindow,
    Duplicate,
    Drift,
}
