using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// The shared Beijing network (<c>../shared/data/osm_beijing_road_network/edges.csv</c> + <c>nodes.csv</c>) through the
/// engine's importer, service roads included (taxis pick up and drop off on them); loaded once per process and failing
/// loudly when the data is missing. Shared with the bench project as a linked file.
/// </summary>
public static class BeijingEdgeCsv
{
    private static readonly Lazy<RoadNetwork> Cached = new(() => Load(Folder()));

    /// <summary>The Beijing network, loaded once per process.</summary>
    public static RoadNetwork Network => Cached.Value;

    public static string Folder()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Traffic.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            throw new InvalidOperationException("Traffic.sln not found above " + AppContext.BaseDirectory);
        }

        string data = Path.GetFullPath(Path.Combine(folder, "..", "shared", "data", "osm_beijing_road_network"));
        return File.Exists(Path.Combine(data, "edges.csv"))
            ? data
            : throw new FileNotFoundException($"The Beijing road network is missing at {data}; it must not be skipped.");
    }

    public static RoadNetwork Load(string folder) =>
        NetworkImporter.Import(new NetworkImportOptions
        {
            Input = Path.Combine(folder, "edges.csv"),
            Nodes = Path.Combine(folder, "nodes.csv"),
            IncludeService = true,
        }).Network;
}
