using TrafficEngine.Geo;

namespace Jobs;

/// <summary>Where the command line gets road networks from.</summary>
internal static class NetworkFiles
{
    /// <summary>Reads a network Arrow file written by `traffic network import`.</summary>
    public static RoadNetwork Read(string path) => RoadNetworkFile.Read(path);
}
