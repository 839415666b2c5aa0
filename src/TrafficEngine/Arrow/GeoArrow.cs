using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>GeoArrow's extension metadata: a binary column of WKB geometries in WGS-84 longitude/latitude.</summary>
public static class GeoArrow
{
    public const string ExtensionNameKey = "ARROW:extension:name";
    public const string ExtensionMetadataKey = "ARROW:extension:metadata";
    public const string Wkb = "geoarrow.wkb";
    public const string Crs84Metadata = "{\"crs\":\"OGC:CRS84\"}";

    /// <summary>A not-null binary field tagged <c>geoarrow.wkb</c> with the OGC:CRS84 coordinate system.</summary>
    public static Field WkbField(string name, bool nullable = false) => new(name, BinaryType.Default, nullable,
    [
        new KeyValuePair<string, string>(ExtensionNameKey, Wkb),
        new KeyValuePair<string, string>(ExtensionMetadataKey, Crs84Metadata),
    ]);

    /// <summary>Whether <paramref name="field"/> is tagged as GeoArrow WKB.</summary>
    public static bool IsWkb(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.HasMetadata && field.Metadata.TryGetValue(ExtensionNameKey, out string? name) && name == Wkb;
    }
}
