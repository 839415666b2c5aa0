using System.Globalization;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using TrafficEngine.IO;

namespace TrafficEngine.Commute;

/// <summary>
/// The coordinate system of a zone file (through ProjNET): WGS-84 (EPSG:4326, OGC CRS84, or no declaration, as
/// RFC 7946 says), CGCS2000 geographic (EPSG:4490, within centimetres of WGS-84), UTM on WGS-84 (EPSG:326zz north,
/// 327zz south), Web Mercator (EPSG:3857) and British National Grid (EPSG:27700), by an EPSG name; or any projected
/// or geographic system in ESRI/OGC WKT (a .prj). A projected system must be in metres: its coordinates are then the
/// plane in which centroids, areas and straight distances are measured.
/// </summary>
public sealed class ZoneCrs
{
    private const string BritishNationalGrid =
        "PROJCS[\"OSGB 1936 / British National Grid\",GEOGCS[\"OSGB 1936\",DATUM[\"OSGB_1936\",SPHEROID[\"Airy 1830\",6377563.396,299.3249646]," +
        "TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
        "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",49],PARAMETER[\"central_meridian\",-2]," +
        "PARAMETER[\"scale_factor\",0.9996012717],PARAMETER[\"false_easting\",400000],PARAMETER[\"false_northing\",-100000],UNIT[\"metre\",1]]";

    private readonly MathTransform? _toWgs84;
    private readonly MathTransform? _fromWgs84;

    private ZoneCrs(string name, bool geographic, MathTransform? toWgs84, MathTransform? fromWgs84 = null)
    {
        Name = name;
        IsGeographic = geographic;
        _toWgs84 = toWgs84;
        _fromWgs84 = fromWgs84;
    }

    /// <summary>WGS-84 longitude, latitude.</summary>
    public static ZoneCrs Wgs84 { get; } = new("EPSG:4326", true, null);

    public string Name { get; }

    /// <summary>True for longitude/latitude coordinates; false for a projected plane in metres.</summary>
    public bool IsGeographic { get; }

    /// <summary>Longitude and latitude (WGS-84) of a point in this system.</summary>
    public (double Lon, double Lat) ToWgs84(double x, double y)
    {
        if (_toWgs84 is null)
        {
            return (x, y);
        }

        (double lon, double lat) = _toWgs84.Transform(x, y);
        return (lon, lat);
    }

    /// <summary>A WGS-84 longitude, latitude in this system's coordinates.</summary>
    public (double X, double Y) FromWgs84(double lon, double lat)
    {
        if (_fromWgs84 is null)
        {
            return (lon, lat);
        }

        (double x, double y) = _fromWgs84.Transform(lon, lat);
        return (x, y);
    }

    /// <summary>
    /// The system an EPSG name declares ("EPSG:32650", "urn:ogc:def:crs:EPSG::32650", "urn:ogc:def:crs:OGC:1.3:CRS84");
    /// an unsupported one fails naming it and <paramref name="file"/>.
    /// </summary>
    public static ZoneCrs FromName(string name, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = name.Trim();
        if (trimmed.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return Wgs84;
        }

        int colon = trimmed.LastIndexOf(':');
        string digits = colon >= 0 ? trimmed[(colon + 1)..] : trimmed;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            throw new UserInputException($"{file ?? "zones"}: coordinate system \"{name}\" is not an EPSG code (use e.g. EPSG:32650).", file, field: "crs");
        }

        return code switch
        {
            4326 or 4490 => new ZoneCrs($"EPSG:{code}", true, null),
            >= 32601 and <= 32660 => FromSystem($"EPSG:{code}", ProjectedCoordinateSystem.WGS84_UTM(code - 32600, true)),
            >= 32701 and <= 32760 => FromSystem($"EPSG:{code}", ProjectedCoordinateSystem.WGS84_UTM(code - 32700, false)),
            3857 or 900913 => FromSystem($"EPSG:{code}", ProjectedCoordinateSystem.WebMercator),
            27700 => FromWkt(BritishNationalGrid, file),
            _ => throw new UserInputException(
                $"{file ?? "zones"}: coordinate system EPSG:{code} is not supported by name; give its WKT in a .prj (supported by name: 4326, 4490, 326zz, 327zz, 3857, 27700).", file, field: "crs"),
        };
    }

    /// <summary>The system a WKT text (a .prj) describes.</summary>
    public static ZoneCrs FromWkt(string wkt, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(wkt);
        CoordinateSystem system;
        try
        {
            system = (CoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or InvalidCastException)
        {
            throw new UserInputException($"{file ?? "zones"}: the coordinate system WKT does not parse: {e.Message}", file, field: "crs", innerException: e);
        }

        if (system is GeographicCoordinateSystem)
        {
            return new ZoneCrs(system.Name, true, null);
        }

        if (system is ProjectedCoordinateSystem projected)
        {
            if (Math.Abs(projected.LinearUnit.MetersPerUnit - 1) > 1e-9)
            {
                throw new UserInputException($"{file ?? "zones"}: projected coordinate system \"{system.Name}\" is not in metres.", file, field: "crs");
            }

            return FromSystem(system.Name, projected);
        }

        throw new UserInputException($"{file ?? "zones"}: coordinate system \"{system.Name}\" is neither geographic nor projected.", file, field: "crs");
    }

    private static ZoneCrs FromSystem(string name, ProjectedCoordinateSystem system)
    {
        var factory = new CoordinateTransformationFactory();
        ICoordinateTransformation toWgs84 = factory.CreateFromCoordinateSystems(system, GeographicCoordinateSystem.WGS84);
        ICoordinateTransformation fromWgs84 = factory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, system);
        return new ZoneCrs(name, false, toWgs84.MathTransform, fromWgs84.MathTransform);
    }
}
