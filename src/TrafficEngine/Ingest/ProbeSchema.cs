using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Ingest;

/// <summary>The output schema of the probe ingest and its metadata keys.</summary>
public static class ProbeSchema
{
    public const string VehicleId = "vehicle_id";
    public const string Timestamp = "timestamp";
    public const string Lon = "lon";
    public const string Lat = "lat";
    public const string SpeedKmh = "speed_kmh";
    public const string HeadingDeg = "heading_deg";
    public const string Occupied = "occupied";

    public const string SourceFilesKey = "traffic.source_files";
    public const string SourceCrsKey = "traffic.source_crs";
    public const string FormatKey = "traffic.format";
    public const string PseudonymKeyIdKey = "traffic.pseudonym_key_id";
    public const string IngestSummaryKey = "traffic.ingest_summary";
    public const string TimeZoneNoteKey = "traffic.time_zone_note";
    public const string TimeZoneNote = "timestamps are UTC; Beijing local = UTC+08:00";

    /// <summary>
    /// vehicle_id utf8 not null (pseudonym), timestamp[ms, UTC] not null, lon/lat float64 not null (WGS-84), then
    /// speed_kmh float32, heading_deg float32, occupied boolean (nullable) when the input has them.
    /// </summary>
    public static Schema Create(bool speedKmh, bool headingDeg, bool occupied, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var fields = new List<Field>
        {
            new(VehicleId, StringType.Default, nullable: false),
            new(Timestamp, ArrowTypes.TimestampMsUtc, nullable: false),
            new(Lon, DoubleType.Default, nullable: false),
            new(Lat, DoubleType.Default, nullable: false),
        };
        if (speedKmh)
        {
            fields.Add(new Field(SpeedKmh, FloatType.Default, nullable: true));
        }

        if (headingDeg)
        {
            fields.Add(new Field(HeadingDeg, FloatType.Default, nullable: true));
        }

        if (occupied)
        {
            fields.Add(new Field(Occupied, BooleanType.Default, nullable: true));
        }

        return new Schema(fields, metadata ?? new Dictionary<string, string>());
    }
}
