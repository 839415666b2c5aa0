using System.Text.Json;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// OSM-style values of a GeoJSON feature's properties (as GeoJSON4STJ keeps them, a <see cref="JsonElement"/>):
/// text from strings, numbers and booleans ("yes"/"no"), the first element of a list; integer ids from numbers or
/// strings (first of a list).
/// </summary>
internal static class GeoJsonProperties
{
    /// <summary>A feature's own id as the library gives it (a decimal or a string), as an integer.</summary>
    public static long? Id(object? id) => id switch
    {
        decimal d when d == decimal.Floor(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
        string s when OsmValues.TryParseId(s, out long n) => n,
        _ => null,
    };

    public static long? Id(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement value) ? Integer(value) : null;

    public static string? Text(JsonElement properties, string name)
    {
        if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Array when value.GetArrayLength() > 0 => Text(value[0]),
            _ => null,
        };
    }

    private static long? Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out long n) => n,
        JsonValueKind.String when OsmValues.TryParseId(value.GetString(), out long n) => n,
        JsonValueKind.Array when value.GetArrayLength() > 0 => Integer(value[0]),
        _ => null,
    };

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
