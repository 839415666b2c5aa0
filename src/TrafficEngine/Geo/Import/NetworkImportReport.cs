using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// The outcome of a network import. Every source record (OSM way, CSV row, GraphML edge, GeoJSON feature, shapefile
/// record) is kept, skipped as not drivable (counted per highway value) or rejected with a reason code.
/// </summary>
public sealed record NetworkImportReport
{
    private static readonly NetworkJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Chinese road names stay readable
    });

    public required string Format { get; init; }

    public required string SourceFile { get; init; }

    public string? NodesFile { get; init; }

    public bool IncludeService { get; init; }

    /// <summary>Source records read: ways (osm), rows (csv), edges (graphml), features (geojson), records (shapefile).</summary>
    public long RecordsRead { get; init; }

    /// <summary>Source records that gave at least one edge.</summary>
    public long RecordsKept { get; init; }

    public int Edges { get; init; }

    public int Nodes { get; init; }

    /// <summary>Directed edges per road class name.</summary>
    public required IReadOnlyDictionary<string, int> EdgesByClass { get; init; }

    /// <summary>Kilometres of directed edge per road class name (a two-way road counts twice).</summary>
    public required IReadOnlyDictionary<string, double> KmByClass { get; init; }

    /// <summary>Source records left out as not drivable, per highway value ("(none)" when the record has none).</summary>
    public required IReadOnlyDictionary<string, long> SkippedByHighway { get; init; }

    public long SkippedTotal => SkippedByHighway.Values.Sum();

    /// <summary>Records (or way pieces) rejected as bad input, per reason code (bad_geometry, dangling_node, duplicate_edge_id, bad_field).</summary>
    public required IReadOnlyDictionary<string, long> Rejected { get; init; }

    /// <summary>References to nodes the source does not define (each counted once per reference).</summary>
    public long DanglingNodeRefs { get; init; }

    /// <summary>Edges made by doubling two-way ways (osm, geojson).</summary>
    public long TwoWayReverseEdges { get; init; }

    /// <summary>Other counts particular to the format (for example csv rows with oneway=-1), by name.</summary>
    public required IReadOnlyDictionary<string, long> Notes { get; init; }

    /// <summary>The first problems met, each naming file, line or feature, and field.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    [JsonIgnore]
    public TimeSpan Elapsed { get; init; }

    public double ElapsedSeconds => Math.Round(Elapsed.TotalSeconds, 3);

    public long RejectedCount(string reason) => Rejected.TryGetValue(reason, out long n) ? n : 0;

    /// <summary>The report as indented JSON with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json.NetworkImportReport);
}

[JsonSerializable(typeof(NetworkImportReport))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
