using System.Globalization;
using TrafficEngine.Geo;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// TEMPORARY, to be replaced by the network importer (RoadNetworkFile / the edge CSV importer) once it is in main:
/// reads the shared Beijing edge CSV (<c>../shared/data/osm_beijing_road_network/edges.csv</c> + <c>nodes.csv</c>)
/// straight into a <see cref="RoadNetworkBuilder"/>. Drivable highways only (service roads included); every row is one
/// directed edge; the CSV's speed_kmh is a per-class default of the source, not a speed limit, so it is not used.
/// Shared with the bench project as a linked file.
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

    public static RoadNetwork Load(string folder)
    {
        var builder = new RoadNetworkBuilder();
        builder.Metadata["traffic.source"] = "osm_beijing_road_network edges.csv (test loader)";
        var nodes = new Dictionary<long, (double Lon, double Lat)>();
        foreach (string line in File.ReadLines(Path.Combine(folder, "nodes.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            nodes[long.Parse(f[0], CultureInfo.InvariantCulture)] = (double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture));
        }

        var lon = new List<double>();
        var lat = new List<double>();
        foreach (string line in File.ReadLines(Path.Combine(folder, "edges.csv")).Skip(1))
        {
            List<string> f = Split(line);
            string highway = f[4];
            if (!RoadClasses.IsDrivable(highway, includeService: true))
            {
                continue;
            }

            long u = long.Parse(f[1], CultureInfo.InvariantCulture), v = long.Parse(f[2], CultureInfo.InvariantCulture);
            foreach (long n in (long[])[u, v])
            {
                if (!builder.HasNode(n))
                {
                    builder.AddNode(n, nodes[n].Lon, nodes[n].Lat);
                }
            }

            lon.Clear();
            lat.Clear();
            string wkt = f[11];
            string inner = wkt[(wkt.IndexOf('(', StringComparison.Ordinal) + 1)..wkt.LastIndexOf(')')];
            foreach (string point in inner.Split(','))
            {
                string[] xy = point.Trim().Split(' ');
                lon.Add(double.Parse(xy[0], CultureInfo.InvariantCulture));
                lat.Add(double.Parse(xy[1], CultureInfo.InvariantCulture));
            }

            builder.AddEdge(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), u, v, highway,
                f[6], 0, double.NaN, lon.ToArray(), lat.ToArray());
        }

        return builder.Build();
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        int i = 0;
        while (i <= line.Length)
        {
            if (i < line.Length && line[i] == '"')
            {
                int end = line.IndexOf('"', i + 1);
                while (end + 1 < line.Length && line[end + 1] == '"')
                {
                    end = line.IndexOf('"', end + 2);
                }

                fields.Add(line[(i + 1)..end].Replace("\"\"", "\"", StringComparison.Ordinal));
                i = end + 2;
            }
            else
            {
                int end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                fields.Add(line[i..end]);
                i = end + 1;
            }
        }

        return fields;
    }
}
