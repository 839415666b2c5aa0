using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Decides a shapefile's coordinates from its .prj (ESRI WKT): a geographic WGS-84 (or CGCS2000, within centimetres
/// of it) system is taken as lon/lat; Web Mercator (EPSG:3857, "Mercator_Auxiliary_Sphere" / "Popular Visualisation")
/// is projected back exactly; any other projected system fails with its name. Without a .prj the coordinates are
/// taken as WGS-84 with a warning, and points outside lon/lat ranges are rejected as bad geometry.
/// </summary>
internal static class ShapefileProjection
{
    private const double WebMercatorRadius = 6378137.0;

    /// <summary>Null when the coordinates are already lon/lat, else the function that makes them so.</summary>
    public static Func<double, double, (double, double)>? Resolve(string shpPath, ImportSink sink)
    {
        string prjPath = Path.ChangeExtension(shpPath, ".prj");
        if (!File.Exists(prjPath))
        {
            sink.Warn($"{shpPath}: no .prj beside it; the coordinates are taken as WGS-84 lon/lat");
            return null;
        }

        string wkt = File.ReadAllText(prjPath).Trim();
        string upper = wkt.ToUpperInvariant();
        if (upper.StartsWith("PROJCS", StringComparison.Ordinal) || upper.StartsWith("PROJCRS", StringComparison.Ordinal))
        {
            if (upper.Contains("MERCATOR_AUXILIARY_SPHERE", StringComparison.Ordinal) || upper.Contains("POPULAR VISUALISATION", StringComparison.Ordinal)
                || upper.Contains("WEB_MERCATOR", StringComparison.Ordinal) || upper.Contains("PSEUDO-MERCATOR", StringComparison.Ordinal))
            {
                sink.Note("reprojected_from_web_mercator");
                return FromWebMercator;
            }

            string name = wkt.Split('"') is { Length: > 1 } parts ? parts[1] : wkt;
            throw new UserInputException(
                $"{prjPath}: the shapefile is in the projected system '{name}'; only WGS-84 lon/lat and Web Mercator are read. Reproject it to EPSG:4326 first (ogr2ogr -t_srs EPSG:4326).",
                prjPath, field: "PROJCS");
        }

        if (upper.StartsWith("GEOGCS", StringComparison.Ordinal) || upper.StartsWith("GEOGCRS", StringComparison.Ordinal))
        {
            if (upper.Contains("WGS_1984", StringComparison.Ordinal) || upper.Contains("WGS 84", StringComparison.Ordinal) || upper.Contains("WGS84", StringComparison.Ordinal))
            {
                return null;
            }

            if (upper.Contains("2000", StringComparison.Ordinal) && upper.Contains("CHINA", StringComparison.Ordinal) || upper.Contains("CGCS2000", StringComparison.Ordinal))
            {
                sink.Note("cgcs2000_taken_as_wgs84");
                return null;
            }
        }

        throw new UserInputException($"{prjPath}: unsupported coordinate system '{(wkt.Length > 80 ? wkt[..80] + "..." : wkt)}'; expected geographic WGS-84.", prjPath, field: "GEOGCS");
    }

    public static (double Lon, double Lat) FromWebMercator(double x, double y)
    {
        double lon = x / WebMercatorRadius * (180.0 / Math.PI);
        double lat = ((2.0 * Math.Atan(Math.Exp(y / WebMercatorRadius))) - (Math.PI / 2.0)) * (180.0 / Math.PI);
        return (lon, lat);
    }
}
