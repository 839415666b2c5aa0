using System.Globalization;
using System.Text.Json;
using TrafficEngine.Geo.Import;
using TrafficEngine.Ingest;

namespace Bench.Baseline;

/// <summary>
/// Reads a GeoJSON FeatureCollection of LineString/MultiLineString features with OSM-style properties
/// (<c>highway</c>, <c>oneway</c>, <c>maxspeed</c>, <c>lanes</c>, <c>name</c>, optional <c>id</c>/<c>osmid</c>,
/// <c>u</c>, <c>v</c>). Each feature is a way: a two-way feature gives both directions. Each part of a
/// MultiLineString is a piece. Node ids are <c>u</c>/<c>v</c> when given (single LineStrings only), else derived from
/// the endpoint coordinates: equal coordinates (to 1e-7 degrees) are one node, numbered 1, 2, ... in order of first
/// appearance, so the same file always gives the same ids. Edge ids: <see cref="EdgeIds.Compose"/>(feature id, part,
/// reverse) with the feature's <c>id</c> (or <c>osmid</c>), else its 1-based position. The document is parsed whole
/// (System.Text.Json); network GeoJSON files are city-sized, not planet-sized.
/// </summary>
internal static class OldGeoJsonNetworkReader
{
    public static void Read(string path, ImportSink sink)
    {
        using Stream stream = InputStreams.Open(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new IngestException($"{path}: line {(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}", path, (ex.LineNumber ?? 0) + 1, innerException: ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out JsonElement features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new IngestException($"{path}: not a GeoJSON FeatureCollection (no 'features' array).", path, field: "features");
            }

            var nodes = new Dictionary<(long, long), long>();
            var lon = new List<double>();
            var lat = new List<double>();
            var parts = new List<int>();
            int position = 0;
            foreach (JsonElement feature in features.EnumerateArray())
            {
                position++;
                ReadFeature(feature, position, sink, nodes, lon, lat, parts);
            }
        }

        sink.RequireEdges();
    }

    private static void ReadFeature(JsonElement feature, int position, ImportSink sink, Dictionary<(long, long), long> nodes,
        List<double> lon, List<double> lat, List<int> parts)
    {
        string where = $"feature {position.ToString(CultureInfo.InvariantCulture)}";
        sink.RecordsRead++;
        JsonElement properties = feature.TryGetProperty("properties", out JsonElement p) && p.ValueKind == JsonValueKind.Object ? p : default;
        string? highway = Text(properties, "highway") is { } h ? OsmValues.First(h).ToString() : null;
        if (!sink.Accept(highway))
        {
            return;
        }

        if (!feature.TryGetProperty("geometry", out JsonElement geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("coordinates", out JsonElement coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            sink.Reject(ImportSink.BadGeometry, where, "geometry", "no geometry with coordinates");
            return;
        }

        string type = geometry.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
        lon.Clear();
        lat.Clear();
        parts.Clear();
        string? error = type switch
        {
            "LineString" => ReadLine(coordinates, lon, lat, parts),
            "MultiLineString" => ReadLines(coordinates, lon, lat, parts),
            _ => $"geometry type '{type}' is not LineString or MultiLineString",
        };
        if (error is not null)
        {
            sink.Reject(ImportSink.BadGeometry, where, "geometry", error);
            return;
        }

        long featureId = Id(feature, properties) ?? position;
        bool givenNodes = parts.Count == 1 && Id(properties, "u") is not null && Id(properties, "v") is not null;
        Oneway oneway = Text(properties, "oneway") is { } o ? OsmValues.ParseOneway(o) : Oneway.Both;
        string? name = Text(properties, "name") is { } n ? OsmValues.First(n).ToString() : null;
        int lanes = Text(properties, "lanes") is { } l ? OsmValues.ParseLanes(l) : 0;
        double maxKmh = Text(properties, "maxspeed") is { } m ? OsmValues.ParseMaxSpeedKmh(m) : double.NaN;
        parts.Add(lon.Count);
        bool kept = false;
        for (int part = 0; part < parts.Count - 1; part++)
        {
            int start = parts[part], count = parts[part + 1] - start;
            string partWhere = parts.Count > 2 ? $"{where} part {part + 1}" : where;
            if (!sink.CheckGeometry(lon, lat, start, count, partWhere, "geometry"))
            {
                continue;
            }

            long first = givenNodes ? Id(properties, "u")!.Value : NodeAt(nodes, lon[start], lat[start]);
            long last = givenNodes ? Id(properties, "v")!.Value : NodeAt(nodes, lon[start + count - 1], lat[start + count - 1]);
            if (oneway != Oneway.Backward)
            {
                kept |= sink.AddEdge(EdgeIds.Compose(featureId, part, false), featureId, first, last, highway!, name, lanes, maxKmh,
                    lon, lat, start, count, reverse: false, partWhere);
            }

            if (oneway != Oneway.Forward)
            {
                kept |= sink.AddEdge(EdgeIds.Compose(featureId, part, true), featureId, last, first, highway!, name, lanes, maxKmh,
                    lon, lat, start, count, reverse: true, partWhere);
                sink.TwoWayReverseEdges += oneway == Oneway.Both ? 1 : 0;
            }
        }

        if (kept)
        {
            sink.RecordsKept++;
        }
    }

    private static string? ReadLines(JsonElement coordinates, List<double> lon, List<double> lat, List<int> parts)
    {
        foreach (JsonElement line in coordinates.EnumerateArray())
        {
            if (ReadLine(line, lon, lat, parts) is { } error)
            {
                return $"part {parts.Count}: {error}";
            }
        }

        return parts.Count == 0 ? "no parts" : null;
    }

    private static string? ReadLine(JsonElement line, List<double> lon, List<double> lat, List<int> parts)
    {
        if (line.ValueKind != JsonValueKind.Array)
        {
            return "coordinates are not an array of positions";
        }

        parts.Add(lon.Count);
        int index = 0;
        foreach (JsonElement point in line.EnumerateArray())
        {
            index++;
            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() < 2
                || point[0].ValueKind != JsonValueKind.Number || point[1].ValueKind != JsonValueKind.Number)
            {
                return $"position {index} is not [lon, lat]";
            }

            lon.Add(point[0].GetDouble());
            lat.Add(point[1].GetDouble());
        }

        return null;
    }

    private static long NodeAt(Dictionary<(long, long), long> nodes, double lon, double lat)
    {
        var key = ((long)Math.Round(lon * 1e7), (long)Math.Round(lat * 1e7));
        if (!nodes.TryGetValue(key, out long id))
        {
            id = nodes.Count + 1;
            nodes.Add(key, id);
        }

        return id;
    }

    private static long? Id(JsonElement feature, JsonElement properties) =>
        feature.TryGetProperty("id", out JsonElement id) && Integer(id) is { } fromFeature ? fromFeature
            : Id(properties, "id") ?? Id(properties, "osmid");

    private static long? Id(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement value) ? Integer(value) : null;

    private static long? Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out long n) => n,
        JsonValueKind.String when OsmValues.TryParseId(value.GetString(), out long n) => n,
        JsonValueKind.Array when value.GetArrayLength() > 0 => Integer(value[0]),
        _ => null,
    };

    private static string? Text(JsonElement properties, string name)
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

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
