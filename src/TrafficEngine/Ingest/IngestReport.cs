using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrafficEngine.Ingest;

/// <summary>The outcome of a probe ingest. Every row read is either kept or rejected with exactly one reason.</summary>
public sealed record IngestReport
{
    private static readonly IngestJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "+08:00" stays readable; never embedded in HTML
    });

    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public required string Format { get; init; }

    public required string SourceCrs { get; init; }

    public required IReadOnlyList<string> SourceFiles { get; init; }

    public required string PseudonymKeyId { get; init; }

    public long RowsRead { get; init; }

    public long RowsKept { get; init; }

    /// <summary>Rejected rows per reason code; every code of <see cref="RejectReason.All"/> is present.</summary>
    public required IReadOnlyDictionary<string, long> RowsRejected { get; init; }

    public long RowsRejectedTotal => RowsRejected.Values.Sum();

    public int Vehicles { get; init; }

    /// <summary>First kept timestamp, UTC epoch milliseconds; null when nothing was kept.</summary>
    [JsonIgnore]
    public long? FirstTimestampMs { get; init; }

    [JsonIgnore]
    public long? LastTimestampMs { get; init; }

    public string? FirstTimestampUtc => FormatUtc(FirstTimestampMs);

    public string? LastTimestampUtc => FormatUtc(LastTimestampMs);

    public string? FirstTimestampBeijing => FormatBeijing(FirstTimestampMs);

    public string? LastTimestampBeijing => FormatBeijing(LastTimestampMs);

    /// <summary>Median interval between consecutive kept fixes of a vehicle, seconds (1-second resolution).</summary>
    public double? SamplingIntervalP50Seconds { get; init; }

    public double? SamplingIntervalP90Seconds { get; init; }

    public long InputBytes { get; init; }

    /// <summary>
    /// Wall time of the ingest. The copy of the summary in the output's schema metadata is taken before the output is
    /// written, so its elapsed time excludes writing; the returned report includes it.
    /// </summary>
    [JsonIgnore]
    public TimeSpan Elapsed { get; init; }

    public double ElapsedSeconds => Math.Round(Elapsed.TotalSeconds, 3);

    /// <summary>Times the buffers spilled to temporary files (0 when everything fitted in memory).</summary>
    public int Spills { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public long Rejected(string reason) => RowsRejected.TryGetValue(reason, out long n) ? n : 0;

    /// <summary>The summary as indented JSON with snake_case names (source-generated: no reflection start-up cost).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json.IngestReport);

    /// <summary>A JSON array of strings, as in the <c>traffic.source_files</c> metadata.</summary>
    internal static string ToJsonArray(IReadOnlyList<string> values) => JsonSerializer.Serialize(values.ToArray(), IngestJsonContext.Default.StringArray);

    private static string? FormatUtc(long? ms) => ms is long v
        ? DateTimeOffset.FromUnixTimeMilliseconds(v).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        : null;

    private static string? FormatBeijing(long? ms) => ms is long v
        ? DateTimeOffset.FromUnixTimeMilliseconds(v).ToOffset(BeijingOffset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture)
        : null;
}

[JsonSerializable(typeof(IngestReport))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
