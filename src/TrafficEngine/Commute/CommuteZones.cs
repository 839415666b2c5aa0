using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using TrafficEngine.Geo;
using TrafficEngine.IO;

namespace TrafficEngine.Commute;

/// <summary>
/// The zones of a commute table: ids (as text), optional names and districts, and, when read from polygons, each
/// zone's polygon, area (m²) and area-weighted centroid, both as WGS-84 longitude/latitude and as x/y metres in a
/// plane (the file's projected system, or for a geographic file a local equirectangular plane about the zones'
/// centre, accurate to about 0.2 % across a city). Zones known only by the ids of the OD table have no geometry.
/// </summary>
public sealed class CommuteZones
{
    private readonly Dictionary<string, int> _index;

    private CommuteZones(string[] ids, string?[] names, string?[] districts, Geometry[]? geometries, ZoneCrs? crs,
        double[] x, double[] y, double[] lon, double[] lat, double[] area)
    {
        Ids = ids;
        Names = names;
        Districts = districts;
        Geometries = geometries;
        Crs = crs;
        X = x;
        Y = y;
        Lon = lon;
        Lat = lat;
        AreaM2 = area;
        _index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int z = 0; z < ids.Length; z++)
        {
            if (!_index.TryAdd(ids[z], z))
            {
                throw new UserInputException($"zones: zone id \"{ids[z]}\" appears twice.", null, field: "id");
            }
        }
    }

    public int Count => Ids.Length;

    public string[] Ids { get; }

    public string?[] Names { get; }

    public string?[] Districts { get; }

    /// <summary>True when the zones came with polygons (centroids, areas and straight distances are known).</summary>
    public bool HasGeometry => Geometries is not null;

    /// <summary>Polygons in the file's own coordinates (<see cref="Crs"/>); null without geometry.</summary>
    public Geometry[]? Geometries { get; }

    public ZoneCrs? Crs { get; }

    /// <summary>Centroid x in metres in the measuring plane; NaN without geometry.</summary>
    public double[] X { get; }

    public double[] Y { get; }

    public double[] Lon { get; }

    public double[] Lat { get; }

    public double[] AreaM2 { get; }

    /// <summary>Dense index of a zone id, or -1.</summary>
    public int IndexOf(string id) => _index.TryGetValue(id, out int z) ? z : -1;

    /// <summary>Straight distance between two zone centroids in km; NaN without geometry.</summary>
    public double StraightDistanceKm(int a, int b) => Math.Sqrt(((X[a] - X[b]) * (X[a] - X[b])) + ((Y[a] - Y[b]) * (Y[a] - Y[b]))) / 1000;

    /// <summary>Zones known only by id (no geometry), in the order given; districts optional, parallel to ids.</summary>
    public static CommuteZones FromIds(IReadOnlyList<string> ids, IReadOnlyList<string?>? districts = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int n = ids.Count;
        double[] Nan() => Enumerable.Repeat(double.NaN, n).ToArray();
        return new CommuteZones([.. ids], new string?[n], districts is null ? new string?[n] : [.. districts], null, null, Nan(), Nan(), Nan(), Nan(), Nan());
    }

    /// <summary>
    /// Reads zone polygons from GeoJSON (.geojson/.json, CRS from its "crs" member, else WGS-84) or an ESRI shapefile
    /// (.shp + .dbf, CRS from the .prj). <paramref name="crs"/> (an EPSG name) overrides the file's declaration and is
    /// needed for a shapefile without .prj. The id comes from <paramref name="idProperty"/> (default: zone_id, id,
    /// ID, else the feature id); name and district from their properties when given (district default: "district"
    /// when present). Polygon and MultiPolygon only; a missing or duplicate id fails naming the feature.
    /// </summary>
    public static CommuteZones Read(string path, string? idProperty = null, string? nameProperty = null, string? districtProperty = null, string? crs = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: zone file not found.", path);
        }

        bool shapefile = path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase);
        (List<IAttributesTable> attributes, List<Geometry> geometries, ZoneCrs declared) = shapefile ? ReadShapefile(path, crs) : ReadGeoJson(path, crs);
        var ids = new string[geometries.Count];
        var names = new string?[geometries.Count];
        var districts = new string?[geometries.Count];
        string? districtName = districtProperty ?? (attributes.Count > 0 && attributes[0].Exists("district") ? "district" : null);
        for (int f = 0; f < geometries.Count; f++)
        {
            if (geometries[f] is not (Polygon or MultiPolygon))
            {
                throw new UserInputException($"{path}: feature {f}: geometry {geometries[f]?.GeometryType ?? "null"} is not a Polygon or MultiPolygon.", path, f + 1, "geometry");
            }

            string[] candidates = idProperty is null ? ["zone_id", "id", "ID"] : [idProperty];
            ids[f] = candidates.Select(p => Text(attributes[f], p)).FirstOrDefault(v => v is not null)
                ?? throw new UserInputException($"{path}: feature {f} has no id property {string.Join(" or ", candidates)}.", path, f + 1, idProperty ?? "zone_id");
            names[f] = nameProperty is null ? null : Text(attributes[f], nameProperty);
            districts[f] = districtName is null ? null : Text(attributes[f], districtName);
        }

        return FromGeometries(ids, names, districts, [.. geometries], declared);
    }

    private static CommuteZones FromGeometries(string[] ids, string?[] names, string?[] districts, Geometry[] geometries, ZoneCrs crs)
    {
        int n = ids.Length;
        double[] x = new double[n], y = new double[n], lon = new double[n], lat = new double[n], area = new double[n];
        LocalProjection? plane = null;
        if (crs.IsGeographic)
        {
            Envelope all = new();
            foreach (Geometry g in geometries)
            {
                all.ExpandToInclude(g.EnvelopeInternal);
            }

            plane = new LocalProjection(all.Centre.X, all.Centre.Y);
        }

        for (int z = 0; z < n; z++)
        {
            Geometry measured = geometries[z];
            if (plane is { } p)
            {
                measured = measured.Copy();
                measured.Apply(new PlaneFilter(p));
            }

            Point centroid = measured.Centroid;
            x[z] = centroid.X;
            y[z] = centroid.Y;
            area[z] = measured.Area;
            (lon[z], lat[z]) = plane is { } q ? (q.Lon(centroid.X), q.Lat(centroid.Y)) : crs.ToWgs84(centroid.X, centroid.Y);
        }

        return new CommuteZones(ids, names, districts, geometries, crs, x, y, lon, lat, area);
    }

    private static (List<IAttributesTable>, List<Geometry>, ZoneCrs) ReadGeoJson(string path, string? crs)
    {
        using Stream stream = InputFile.Open(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", path, e.LineNumber + 1, innerException: e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out JsonElement features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new UserInputException($"{path}: not a GeoJSON FeatureCollection (no \"features\" array).", path);
            }

            ZoneCrs declared = crs is not null ? ZoneCrs.FromName(crs, path)
                : root.TryGetProperty("crs", out JsonElement c) && c.TryGetProperty("properties", out JsonElement cp) && cp.TryGetProperty("name", out JsonElement cn)
                    ? ZoneCrs.FromName(cn.GetString() ?? "", path) : ZoneCrs.Wgs84;
            var options = new JsonSerializerOptions();
            options.Converters.Add(new GeoJsonConverterFactory());
            var attributes = new List<IAttributesTable>();
            var geometries = new List<Geometry>();
            int index = 0;
            foreach (JsonElement feature in features.EnumerateArray())
            {
                if (!feature.TryGetProperty("geometry", out JsonElement geometry) || geometry.ValueKind != JsonValueKind.Object)
                {
                    throw new UserInputException($"{path}: feature {index} has no geometry.", path, index + 1, "geometry");
                }

                Geometry parsed;
                try
                {
                    parsed = geometry.Deserialize<Geometry>(options) ?? throw new JsonException("null geometry");
                }
                catch (JsonException e)
                {
                    throw new UserInputException($"{path}: feature {index}: bad geometry: {e.Message}", path, index + 1, "geometry", e);
                }

                var table = new AttributesTable();
                if (feature.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty property in properties.EnumerateObject())
                    {
                        table.Add(property.Name, property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString(),
                            JsonValueKind.Null or JsonValueKind.Undefined => null,
                            _ => property.Value.GetRawText(),
                        });
                    }
                }

                if (!table.Exists("id") && feature.TryGetProperty("id", out JsonElement id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    table.Add("id", id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText());
                }

                attributes.Add(table);
                geometries.Add(parsed.IsValid ? parsed : parsed.Buffer(0));
                index++;
            }

            return (attributes, geometries, declared);
        }
    }

    private static (List<IAttributesTable>, List<Geometry>, ZoneCrs) ReadShapefile(string path, string? crs)
    {
        string prj = Path.ChangeExtension(path, ".prj");
        ZoneCrs declared = crs is not null ? ZoneCrs.FromName(crs, path)
            : File.Exists(prj) ? ZoneCrs.FromWkt(File.ReadAllText(prj), prj)
            : throw new UserInputException($"{path}: the shapefile has no .prj; name its coordinate system (e.g. EPSG:27700).", path, field: "crs");
        Feature[] features;
        try
        {
            features = NetTopologySuite.IO.Esri.Shapefile.ReadAllFeatures(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or NotSupportedException or ArgumentException)
        {
            throw new UserInputException($"{path}: the shapefile does not read: {e.Message}", path, innerException: e);
        }

        return ([.. features.Select(f => f.Attributes)], [.. features.Select(f => f.Geometry.IsValid ? f.Geometry : f.Geometry.Buffer(0))], declared);
    }

    private static string? Text(IAttributesTable table, string name)
    {
        if (!table.Exists(name))
        {
            return null;
        }

        object? value = table[name];
        string? text = value switch
        {
            null => null,
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private sealed class PlaneFilter(LocalProjection plane) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, plane.X(seq.GetX(i)));
                seq.SetY(i, plane.Y(seq.GetY(i)));
            }
        }
    }
}
