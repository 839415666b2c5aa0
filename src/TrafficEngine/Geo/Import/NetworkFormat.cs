using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>The road network sources <see cref="NetworkImporter"/> reads.</summary>
public enum NetworkFormat
{
    /// <summary>OpenStreetMap XML (.osm, .osm.gz): ways with a highway tag, split at junctions.</summary>
    Osm,

    /// <summary>OSMnx GraphML (.graphml): directed edges as they are.</summary>
    GraphMl,

    /// <summary>GeoJSON LineString/MultiLineString features with OSM-style properties; two-way features are doubled.</summary>
    GeoJson,

    /// <summary>An edge CSV (one directed edge per row, WKT geometry) with an optional node CSV.</summary>
    Csv,

    /// <summary>An ESRI shapefile of directed PolyLine edges (.shp + .dbf, optional .prj).</summary>
    Shapefile,
}

/// <summary>Names and file extensions of <see cref="NetworkFormat"/> values.</summary>
public static class NetworkFormatNames
{
    public static string ToName(this NetworkFormat format) => format switch
    {
        NetworkFormat.Osm => "osm",
        NetworkFormat.GraphMl => "graphml",
        NetworkFormat.GeoJson => "geojson",
        NetworkFormat.Csv => "csv",
        NetworkFormat.Shapefile => "shapefile",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown network format."),
    };

    /// <summary>Parses osm, graphml, geojson, csv or shapefile (case-insensitive).</summary>
    public static NetworkFormat Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "osm" => NetworkFormat.Osm,
            "graphml" => NetworkFormat.GraphMl,
            "geojson" => NetworkFormat.GeoJson,
            "csv" => NetworkFormat.Csv,
            "shapefile" or "shp" => NetworkFormat.Shapefile,
            _ => throw new ArgumentException($"Unknown network format '{name}'; valid names are osm, graphml, geojson, csv, shapefile.", nameof(name)),
        };
    }

    /// <summary>The format a file name implies (.osm, .osm.gz, .graphml, .geojson/.json, .csv/.csv.gz, .shp).</summary>
    public static NetworkFormat FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        return Path.GetExtension(name) switch
        {
            ".osm" or ".xml" => NetworkFormat.Osm,
            ".graphml" => NetworkFormat.GraphMl,
            ".geojson" or ".json" => NetworkFormat.GeoJson,
            ".csv" => NetworkFormat.Csv,
            ".shp" => NetworkFormat.Shapefile,
            _ => throw new UserInputException(
                $"Cannot tell the network format of '{Path.GetFileName(path)}' from its extension; pass --format osm|graphml|geojson|csv|shapefile.", path, field: "--format"),
        };
    }
}
