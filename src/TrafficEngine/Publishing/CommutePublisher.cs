using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Microsoft.Data.Analysis;
using NetTopologySuite.Geometries;
using TrafficEngine.Analysis;
using TrafficEngine.Arrow;
using TrafficEngine.Commute;
using TrafficEngine.IO;

namespace TrafficEngine.Publishing;

/// <summary>
/// Publishes a commute run into a folder: zones.csv, zones.arrow, zones.geojson (when the zones have polygons),
/// districts.csv, od_published.csv (small cells suppressed), commute_summary.json and quarantine.csv. Everything is
/// written to a staging folder first and moved into place only when every file is complete.
/// </summary>
public static class CommutePublisher
{
    public const string ZonesCsv = "zones.csv";
    public const string ZonesArrow = "zones.arrow";
    public const string ZonesGeoJson = "zones.geojson";
    public const string DistrictsCsv = "districts.csv";
    public const string OdPublished = "od_published.csv";
    public const string Summary = "commute_summary.json";
    public const string Quarantine = "quarantine.csv";

    /// <summary>Writes every file and returns their final paths.</summary>
    public static IReadOnlyList<string> Publish(CommuteResult result, string folder, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        string staging = Path.Combine(folder, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var names = new List<string> { ZonesCsv, ZonesArrow, DistrictsCsv, OdPublished, Summary, Quarantine };
            WriteFrame(result.Zones, Path.Combine(staging, ZonesCsv));
            WriteArrow(result.Zones, Path.Combine(staging, ZonesArrow), compression);
            WriteFrame(result.Districts, Path.Combine(staging, DistrictsCsv));
            WriteOd(result, Path.Combine(staging, OdPublished));
            File.WriteAllText(Path.Combine(staging, Summary), SummaryJson(result.Summary));
            using (var writer = new StreamWriter(Path.Combine(staging, Quarantine)))
            {
                result.Quarantine.WriteCsv(writer);
            }

            if (result.Table.Zones.HasGeometry)
            {
                WriteGeoJson(result, Path.Combine(staging, ZonesGeoJson));
                names.Add(ZonesGeoJson);
            }

            var published = new List<string>();
            foreach (string name in names)
            {
                string destination = Path.Combine(folder, name);
                AtomicFile.Commit(Path.Combine(staging, name), destination);
                published.Add(destination);
            }

            return published;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// od_published.csv: home_zone, work_zone, commuters, distance_km, time_min, suppressed. A suppressed cell has
    /// no commuters, distance or time; residents and jobs in zones.csv are the full totals.
    /// </summary>
    public static void WriteOd(CommuteResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        OdTable table = result.Table;
        int n = table.Zones.Count;
        using CsvWriter csv = CsvWriter.Create(path, "home_zone", "work_zone", "commuters", "distance_km", "time_min", "suppressed");
        for (int c = 0; c < table.CellCount; c++)
        {
            bool hidden = result.Suppression.Suppressed[c];
            int pair = (table.Home[c] * n) + table.Work[c];
            csv.Add(table.Zones.Ids[table.Home[c]]).Add(table.Zones.Ids[table.Work[c]]);
            csv.Add(hidden ? null : CsvWriter.Format(table.Commuters[c]));
            csv.Add(hidden ? double.NaN : result.Costs.DistanceKm[pair], 3).Add(hidden ? double.NaN : result.Costs.TimeMin[pair], 2).Add(hidden);
            csv.EndRow();
        }
    }

    /// <summary>commute_summary.json: the summary's fields in snake_case; NaN (no distance or time) as null.</summary>
    public static string SummaryJson(CommuteSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(Rounded(summary), SummaryOptions);
    }

    /// <summary>
    /// The summary at its published precision: distances and times to 0.001, shares and ratios to 0.0001, the radius
    /// to 0.01 km. Besides being the precision the figures carry, this keeps the whole-area means from acting as exact
    /// equations on hidden cells (an interval of 0.001 x commuters commuter-km instead).
    /// </summary>
    public static CommuteSummary Rounded(CommuteSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s with
        {
            MeanDistanceKm = Math.Round(s.MeanDistanceKm, 3),
            MinDistanceKm = Math.Round(s.MinDistanceKm, 3),
            MaxDistanceKm = Math.Round(s.MaxDistanceKm, 3),
            ExcessCommuting = Math.Round(s.ExcessCommuting, 4),
            CommutingPotentialUtilised = Math.Round(s.CommutingPotentialUtilised, 4),
            MeanTimeMin = Math.Round(s.MeanTimeMin, 3),
            MinTimeMin = Math.Round(s.MinTimeMin, 3),
            MaxTimeMin = Math.Round(s.MaxTimeMin, 3),
            ExcessCommutingTime = Math.Round(s.ExcessCommutingTime, 4),
            CommutingPotentialUtilisedTime = Math.Round(s.CommutingPotentialUtilisedTime, 4),
            ShareTimeLe45 = Math.Round(s.ShareTimeLe45, 4),
            ShareTimeGt60 = Math.Round(s.ShareTimeGt60, 4),
            ShareDistanceLe5 = Math.Round(s.ShareDistanceLe5, 4),
            CommutingRadiusKm = Math.Round(s.CommutingRadiusKm, 2),
        };
    }

    private static void WriteFrame(DataFrame frame, string path)
    {
        string[] header = [.. frame.Columns.Select(c => c.Name)];
        using CsvWriter csv = CsvWriter.Create(path, header);
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            foreach (DataFrameColumn column in frame.Columns)
            {
                switch (column[r])
                {
                    case double d:
                        csv.Add(d, 6);
                        break;
                    case null:
                        csv.Add((string?)null);
                        break;
                    case object o:
                        csv.Add(Convert.ToString(o, CultureInfo.InvariantCulture));
                        break;
                }
            }

            csv.EndRow();
        }
    }

    private static void WriteArrow(DataFrame frame, string path, ArrowCompression compression)
    {
        using RecordBatch batch = ArrowFrames.ToRecordBatch(frame);
        using var sink = new ArrowFileSink(path, batch.Schema, compression);
        sink.Write(batch);
        sink.Complete();
    }

    /// <summary>zones.geojson: one feature per zone, polygons in WGS-84 (RFC 7946), the zone table as properties.</summary>
    private static void WriteGeoJson(CommuteResult result, string path)
    {
        CommuteZones zones = result.Table.Zones;
        DataFrame frame = result.Zones;
        var options = new JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        using FileStream stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        for (int z = 0; z < zones.Count; z++)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WritePropertyName("properties");
            json.WriteStartObject();
            foreach (DataFrameColumn column in frame.Columns)
            {
                switch (column[z])
                {
                    case double d when double.IsFinite(d):
                        json.WriteNumber(column.Name, Math.Round(d, 6));
                        break;
                    case string s:
                        json.WriteString(column.Name, s);
                        break;
                    default:
                        json.WriteNull(column.Name);
                        break;
                }
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            Geometry geometry = zones.Geometries![z].Copy();
            if (!zones.Crs!.IsGeographic)
            {
                geometry.Apply(new Wgs84Filter(zones.Crs));
            }

            JsonSerializer.Serialize(json, geometry, options);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private sealed class Wgs84Filter(ZoneCrs crs) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                (double lon, double lat) = crs.ToWgs84(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, Math.Round(lon, 7));
                seq.SetY(i, Math.Round(lat, 7));
            }
        }
    }

    private sealed class FiniteOrNull : System.Text.Json.Serialization.JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private static readonly JsonSerializerOptions SummaryOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new FiniteOrNull() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
