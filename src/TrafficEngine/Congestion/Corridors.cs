using TrafficEngine.Geo;
using TrafficEngine.IO;

namespace TrafficEngine.Congestion;

/// <summary>
/// Corridors: named, ordered lists of edges (dense indexes) as a CSR list, corridor k being
/// <c>Edges[Offsets[k] .. Offsets[k+1]-1]</c>. Read from a CSV in one of two layouts:
/// <list type="bullet">
/// <item><c>corridor,edge_id</c>: one row per edge, in driving order (the network's edge ids);</item>
/// <item><c>corridor,road_name,direction</c>: one row per corridor: every edge named <c>road_name</c> heading the
/// given way (n, ne, e, se, s, sw, w, nw, or north/northbound ..., within 60 degrees; or clockwise / counterclockwise
/// around the road's centre, for ring roads), ordered along that direction.</item>
/// </list>
/// </summary>
public sealed class Corridors
{
    private Corridors(string[] names, int[] offsets, int[] edges)
    {
        Names = names;
        Offsets = offsets;
        Edges = edges;
    }

    public IReadOnlyList<string> Names { get; }

    public int[] Offsets { get; }

    public int[] Edges { get; }

    public int Count => Names.Count;

    /// <summary>
    /// Edge to corridor membership as CSR: edge e lies on corridors <c>members[o[e] .. o[e+1]-1]</c>, each corridor
    /// once even when its list repeats the edge.
    /// </summary>
    public static (int[] Offsets, int[] Members) Membership(int edgeCount, ReadOnlySpan<int> offsets, ReadOnlySpan<int> edges)
    {
        var pairs = new List<(int Edge, int Corridor)>();
        for (int k = 0; k + 1 < offsets.Length; k++)
        {
            for (int i = offsets[k]; i < offsets[k + 1]; i++)
            {
                pairs.Add((edges[i], k));
            }
        }

        (int Edge, int Corridor)[] distinct = [.. pairs.Distinct().OrderBy(p => p.Edge).ThenBy(p => p.Corridor)];
        var memberOffsets = new int[edgeCount + 1];
        foreach ((int edge, _) in distinct)
        {
            memberOffsets[edge + 1]++;
        }

        for (int e = 0; e < edgeCount; e++)
        {
            memberOffsets[e + 1] += memberOffsets[e];
        }

        return (memberOffsets, [.. distinct.Select(p => p.Corridor)]);
    }

    /// <summary>
    /// Reads the corridor file (.csv or .csv.gz, RFC 4180: a quoted name may hold commas and line breaks). A bad file
    /// fails with a <see cref="UserInputException"/> naming the file, the line where the record starts and the field.
    /// </summary>
    public static Corridors Read(string path, RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        using var csv = new CsvReader(path);
        int corridor = csv.Find("corridor");
        int edgeId = csv.Find("edge_id");
        int road = csv.Find("road_name");
        int direction = csv.Find("direction");
        if (corridor < 0 || (edgeId < 0 && (road < 0 || direction < 0)))
        {
            throw new UserInputException(
                $"{path}: line 1 (header): the header needs corridor and edge_id, or corridor, road_name and direction (found {string.Join(", ", csv.Names)}).",
                path, 1, corridor < 0 ? "corridor" : edgeId < 0 ? "edge_id" : null);
        }

        var names = new List<string>();
        var lists = new List<List<int>>();
        while (csv.Next())
        {
            if (csv.FieldCount != csv.Names.Count)
            {
                throw new UserInputException(
                    $"{path}: {csv.Where}: {csv.FieldCount} fields, the header has {csv.Names.Count}.", path, csv.Line);
            }

            string name = csv.Chars(corridor).ToString();
            if (name.Length == 0)
            {
                throw csv.Fail(corridor, "empty.");
            }

            int k = names.IndexOf(name);
            if (k < 0 || edgeId < 0)
            {
                if (k >= 0)
                {
                    throw csv.Fail(corridor, $"\"{name}\" is defined twice.");
                }

                names.Add(name);
                lists.Add([]);
                k = names.Count - 1;
            }

            if (edgeId >= 0)
            {
                if (!csv.TryLong(edgeId, out long id))
                {
                    throw csv.Fail(edgeId, $"\"{csv.Chars(edgeId).ToString()}\" is not an integer.");
                }

                int e = network.FindEdge(id);
                if (e < 0)
                {
                    throw csv.Fail(edgeId, $"edge {id} is not in the network.");
                }

                lists[k].Add(e);
            }
            else
            {
                lists[k].AddRange(NamedRoad(network, csv, road, direction));
            }
        }

        if (names.Count == 0)
        {
            throw new UserInputException($"{path}: the file has a header but no corridors (empty input).", path);
        }

        var offsets = new int[names.Count + 1];
        for (int k = 0; k < names.Count; k++)
        {
            offsets[k + 1] = offsets[k] + lists[k].Count;
        }

        return new Corridors([.. names], offsets, [.. lists.SelectMany(l => l)]);
    }

    private static List<int> NamedRoad(RoadNetwork network, CsvReader csv, int road, int direction)
    {
        string roadName = csv.Chars(road).ToString();
        string way = csv.Chars(direction).ToString().ToLowerInvariant();
        var named = new List<int>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (string.Equals(network.NameOf(e), roadName, StringComparison.Ordinal))
            {
                named.Add(e);
            }
        }

        if (named.Count == 0)
        {
            throw csv.Fail(road, $"no edge is named \"{roadName}\".");
        }

        double centreLon = 0, centreLat = 0;
        var mid = new (double Lon, double Lat)[named.Count];
        for (int i = 0; i < named.Count; i++)
        {
            mid[i] = network.PointAlong(named[i], network.LengthMetres[named[i]] / 2);
            centreLon += mid[i].Lon / named.Count;
            centreLat += mid[i].Lat / named.Count;
        }

        double cos = Math.Cos(centreLat * Math.PI / 180);
        var chosen = new List<(int Edge, double Key)>();
        if (way is "clockwise" or "counterclockwise")
        {
            for (int i = 0; i < named.Count; i++)
            {
                (double dx, double dy) = Heading(network, named[i], cos);
                double rx = (mid[i].Lon - centreLon) * cos, ry = mid[i].Lat - centreLat;
                double cross = (rx * dy) - (ry * dx); // > 0: turning left around the centre, counterclockwise
                if ((way == "counterclockwise") == (cross > 0))
                {
                    double angle = Math.Atan2(ry, rx);
                    chosen.Add((named[i], way == "counterclockwise" ? angle : -angle));
                }
            }
        }
        else
        {
            double bearing = Bearing(way) ?? throw csv.Fail(direction,
                $"\"{way}\" is not one of n, ne, e, se, s, sw, w, nw, northbound ..., clockwise, counterclockwise.");
            double ux = Math.Sin(bearing * Math.PI / 180), uy = Math.Cos(bearing * Math.PI / 180);
            for (int i = 0; i < named.Count; i++)
            {
                (double dx, double dy) = Heading(network, named[i], cos);
                double norm = Math.Sqrt((dx * dx) + (dy * dy));
                if (norm > 0 && ((dx * ux) + (dy * uy)) / norm >= Math.Cos(60 * Math.PI / 180))
                {
                    chosen.Add((named[i], (mid[i].Lon * cos * ux) + (mid[i].Lat * uy)));
                }
            }
        }

        if (chosen.Count == 0)
        {
            throw csv.Fail(direction, $"no edge of \"{roadName}\" heads {way}.");
        }

        return [.. chosen.OrderBy(c => c.Key).Select(c => c.Edge)];
    }

    private static (double Dx, double Dy) Heading(RoadNetwork network, int edge, double cos)
    {
        ReadOnlySpan<double> xs = network.EdgeLon(edge), ys = network.EdgeLat(edge);
        return ((xs[^1] - xs[0]) * cos, ys[^1] - ys[0]);
    }

    private static double? Bearing(string way) => way switch
    {
        "n" or "north" or "northbound" => 0,
        "ne" or "northeast" or "northeastbound" => 45,
        "e" or "east" or "eastbound" => 90,
        "se" or "southeast" or "southeastbound" => 135,
        "s" or "south" or "southbound" => 180,
        "sw" or "southwest" or "southwestbound" => 225,
        "w" or "west" or "westbound" => 270,
        "nw" or "northwest" or "northwestbound" => 315,
        _ => null,
    };
}
