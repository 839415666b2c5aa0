using System.Text.Json;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;

namespace TrafficEngine.Publishing;

/// <summary>
/// Publishes a congestion run into a folder: segment_speeds.arrow, city_index.csv, area_index.csv, reliability.csv,
/// recurrent_congestion.csv, segments.geojson and congestion_summary.json. Everything is written to a staging folder
/// first and moved into place only when every file is complete, so a failed run publishes nothing.
/// </summary>
public static class CongestionPublisher
{
    public const string SegmentSpeeds = "segment_speeds.arrow";
    public const string CityIndex = "city_index.csv";
    public const string AreaIndex = "area_index.csv";
    public const string Reliability = "reliability.csv";
    public const string Recurrent = "recurrent_congestion.csv";
    public const string Segments = "segments.geojson";
    public const string Summary = "congestion_summary.json";

    /// <summary>Writes every file and returns their final paths.</summary>
    public static IReadOnlyList<string> Publish(CongestionResult result, string folder, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        string staging = Path.Combine(folder, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            SegmentSpeedsFile.Write(Path.Combine(staging, SegmentSpeeds), result, compression);
            CongestionCsv.CityIndex(result).Save(Path.Combine(staging, CityIndex));
            CongestionCsv.AreaIndex(result).Save(Path.Combine(staging, AreaIndex));
            CongestionCsv.Reliability(result).Save(Path.Combine(staging, Reliability));
            CongestionCsv.Recurrent(result).Save(Path.Combine(staging, Recurrent));
            SegmentsGeoJson.Write(Path.Combine(staging, Segments), result);
            File.WriteAllText(Path.Combine(staging, Summary), SummaryJson(result));

            string[] names = [SegmentSpeeds, CityIndex, AreaIndex, Reliability, Recurrent, Segments, Summary];
            var published = new List<string>();
            foreach (string name in names)
            {
                string destination = Path.Combine(folder, name);
                File.Move(Path.Combine(staging, name), destination, overwrite: true);
                published.Add(destination);
            }

            return published;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The run's counts and settings as indented snake_case JSON.</summary>
    public static string SummaryJson(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        CongestionReport r = result.Report;
        var summary = new Dictionary<string, object?>
        {
            ["traversals_read"] = r.TraversalsRead,
            ["traversals_used"] = r.TraversalsUsed,
            ["unknown_edges"] = r.UnknownEdges,
            ["null_rows"] = r.NullRows,
            ["rejected_rows"] = r.RejectedRows,
            ["implausible_speed_rows"] = r.ImplausibleSpeedRows,
            ["vehicles"] = r.Vehicles,
            ["cells"] = r.Cells,
            ["low_sample_cells"] = r.LowSampleCells,
            ["bins"] = r.Bins,
            ["first_bin"] = r.Bins > 0 ? Congestion.BeijingCalendar.FormatLocal(r.FirstBinStartMs) : null,
            ["last_bin"] = r.Bins > 0 ? Congestion.BeijingCalendar.FormatLocal(r.LastBinStartMs) : null,
            ["edges_with_free_flow_from_data"] = r.EdgesWithFreeFlowFromData,
            ["edges_by_free_flow_source"] = Enumerable.Range(0, FreeFlowSources.Count)
                .ToDictionary(s => FreeFlowSources.Code((FreeFlowSource)s), s => r.EdgesByFreeFlowSource[s]),
            ["history"] = r.History is { } h ? HistoryJson(h) : null,
            ["workdays"] = result.Workdays,
            ["recurrent_congested_cells"] = result.Recurrent.Count,
            ["settings"] = SegmentSpeedsFile.Metadata(result),
        };
        return JsonSerializer.Serialize(summary, SummaryOptions);
    }

    private static Dictionary<string, object?> HistoryJson(HistoryReport h) => new()
    {
        ["files"] = h.Files,
        ["window"] = $"{BeijingCalendar.FormatLocal(h.WindowStartMs)} .. {BeijingCalendar.FormatLocal(h.WindowEndMs)}",
        ["days"] = h.Days,
        ["first_bin"] = h.CellsUsed > 0 ? BeijingCalendar.FormatLocal(h.FirstBinStartMs) : null,
        ["last_bin"] = h.CellsUsed > 0 ? BeijingCalendar.FormatLocal(h.LastBinStartMs) : null,
        ["cells_read"] = h.CellsRead,
        ["cells_used"] = h.CellsUsed,
        ["cells_too_old"] = h.CellsTooOld,
        ["cells_not_earlier"] = h.CellsNotEarlier,
        ["cells_on_repeated_days"] = h.CellsOnRepeatedDays,
        ["unknown_edge_cells"] = h.UnknownEdgeCells,
        ["unknown_edges"] = h.UnknownEdges,
    };

    private static readonly JsonSerializerOptions SummaryOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
