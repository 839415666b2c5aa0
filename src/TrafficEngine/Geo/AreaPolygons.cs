using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using TrafficEngine.IO;

namespace TrafficEngine.Geo;

/// <summary>
/// Named polygons (districts, sub-districts, any study areas) read from a GeoJSON FeatureCollection of Polygon and
/// MultiPolygon features in WGS-84, and the assignment of road edges to them by the point halfway along each edge.
/// </summary>
public sealed class AreaPolygons
{
    private readonly Geometry[] _geometries;

    private AreaPolygons(string[] names, Geometry[] geometries)
    {
        Names = names;
        _geometries = geometries;
    }

    public int Count => Names.Count;

    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Reads the features of a GeoJSON file. The name comes from the property <paramref name="nameProperty"/> when
    /// given, else the first of name, NAME, name_en, id, ID present, else the feature id, else "area N".
    /// Features of other geometry types are an error naming the feature.
    /// </summary>
    public static AreaPolygons Read(string path, string? nameProperty = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using Stream stream = InputFile.Open(path);
        using JsonDocument document = ParseJson(stream, path);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out JsonElement features) || features.ValueKind != JsonValueKind.Array)
        {
            throw new UserInputException($"{path}: not a GeoJSON FeatureCollection (no \"features\" array).", path);
        }

        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var names = new List<string>();
        var geometries = new List<Geometry>();
        int index = 0;
        foreach (JsonElement feature in features.EnumerateArray())
        {
            string where = $"{path}: feature {index}";
            if (!feature.TryGetProperty("geometry", out JsonElement geometry) || geometry.ValueKind != JsonValueKind.Object)
            {
                throw new UserInputException($"{where}: no geometry.", path);
            }

            string type = geometry.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
            JsonElement coordinates = geometry.TryGetProperty("coordinates", out JsonElement c) ? c : default;
            Geometry polygon = type switch
            {
                "Polygon" => ReadPolygon(factory, coordinates, where),
                "MultiPolygon" => factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(p => ReadPolygon(factory, p, where))]),
                _ => throw new UserInputException($"{where}: geometry type \"{type}\" is not a Polygon or MultiPolygon.", path),
            };
            if (!polygon.IsValid)
            {
                polygon = polygon.Buffer(0);
            }

            names.Add(NameOf(feature, nameProperty, index));
            geometries.Add(polygon);
            index++;
        }

        if (geometries.Count == 0)
        {
            throw new UserInputException($"{path}: the FeatureCollection has no features.", path);
        }

        return new AreaPolygons([.. names], [.. geometries]);
    }

    /// <summary>
    /// Membership of edges in areas as a CSR list (offsets per edge, area indexes): an edge belongs to the area holding
    /// the point halfway along it, or to none.
    /// </summary>
    public (int[] Offsets, int[] Members) AssignEdges(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var locators = _geometries.Select(g => new IndexedPointInAreaLocator(g)).ToArray();
        var envelopes = _geometries.Select(g => g.EnvelopeInternal).ToArray();
        var offsets = new int[network.EdgeCount + 1];
        var members = new List<int>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            (double lon, double lat) = network.PointAlong(e, network.LengthMetres[e] / 2);
            var point = new Coordinate(lon, lat);
            for (int a = 0; a < locators.Length; a++)
            {
                if (envelopes[a].Contains(point) && locators[a].Locate(point) != Location.Exterior)
                {
                    members.Add(a);
                    break;
                }
            }

            offsets[e + 1] = members.Count;
        }

        return (offsets, [.. members]);
    }

    private static Polygon ReadPolygon(GeometryFactory factory, JsonElement rings, string where)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            throw new UserInputException($"{where}: a polygon needs at least one ring.");
        }

        LinearRing[] linear = [.. rings.EnumerateArray().Select(r => ReadRing(factory, r, where))];
        return factory.CreatePolygon(linear[0], linear[1..]);
    }

    private static LinearRing ReadRing(GeometryFactory factory, JsonElement ring, string where)
    {
        var coordinates = new List<Coordinate>();
        foreach (JsonElement position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number
                || !position[0].TryGetDouble(out double lon) || !position[1].TryGetDouble(out double lat)
                || !double.IsFinite(lon) || !double.IsFinite(lat))
            {
                throw new UserInputException($"{where}: a position is not [lon, lat].");
            }

            coordinates.Add(new Coordinate(lon, lat));
        }

        if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1]))
        {
            coordinates.Add(coordinates[0].Copy());
        }

        if (coordinates.Count < 4)
        {
            throw new UserInputException($"{where}: a ring needs at least 4 positions.");
        }

        return factory.CreateLinearRing([.. coordinates]);
    }

    private static string NameOf(JsonElement feature, string? nameProperty, int index)
    {
        if (feature.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            string[] candidates = nameProperty is null ? ["name", "NAME", "name_en", "id", "ID"] : [nameProperty];
            foreach (string key in candidates)
            {
                if (properties.TryGetProperty(key, out JsonElement value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                }
            }
        }

        if (feature.TryGetProperty("id", out JsonElement id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
        }

        return string.Create(CultureInfo.InvariantCulture, $"area {index}");
    }

    private static JsonDocument ParseJson(Stream stream, string path)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{path}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", path, ex.LineNumber + 1, innerException: ex);
        }
    }
}
