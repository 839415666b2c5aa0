using TrafficEngine.Geo;

namespace Jobs;

/// <summary>Where the command line gets road networks from.</summary>
internal static class NetworkFiles
{
    /// <summary>
    /// Reads a network Arrow file. The reader (<c>RoadNetworkFile.Read</c>) comes with the network importer branch;
    /// until it is merged this is the one line to switch, and `traffic match` reports that it cannot read networks.
    /// </summary>
    public static RoadNetwork Read(string path) =>
        throw new NotSupportedException($"--network: cannot read '{path}' yet: the network file reader (RoadNetworkFile) is not in this build");
}
