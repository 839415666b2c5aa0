using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// <see cref="InputFile.Open"/> under its old name, for the shapefile, dBASE and GeoJSON readers until they move to
/// NetTopologySuite's readers (another branch of issue 9); delete it then.
/// </summary>
internal static class InputStreams
{
    public static Stream Open(string path) => InputFile.Open(path);
}
