using System.Globalization;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads an edge CSV (one directed edge per row, never doubled) and an optional node CSV, .csv or .csv.gz.
/// Edge columns: <c>u</c>/<c>v</c> (or source/target, from_node/to_node) required; <c>wkt</c> (or geometry) WKT
/// LINESTRING, required unless a node file is given (then a missing geometry is the straight line); <c>edge_id</c>
/// (or id, fid) else the data row number; <c>osm_way_seq</c>/<c>osmid</c>/<c>way_id</c> as the source id, else the
/// edge id; <c>highway</c> (else "road"); <c>name</c>, <c>lanes</c>, <c>maxspeed</c>.
/// The row's <c>oneway</c> does not change its direction: the row is already the directed edge u→v. In the Beijing
/// SparseTaxi network the 49 rows with <c>oneway=-1</c> are adjacency-list edges like every other (40 of them without
/// the reverse edge), so they are kept as u→v and counted under the note <c>oneway_minus_one_rows</c>.
/// A <c>speed_kmh</c> column is not read as maxspeed (in that source it is a per-class default, see its PROVENANCE).
/// Node columns: <c>node_id</c> (or id, osmid), <c>lon</c>/<c>x</c>, <c>lat</c>/<c>y</c>.
/// </summary>
internal static class EdgeCsvReader
{
    public static void Read(string edgesPath, string? nodesPath, ImportSink sink)
    {
        if (nodesPath is not null)
        {
            ReadNodes(nodesPath, sink);
        }

        sink.File = edgesPath;
        using var table = new CsvReader(edgesPath);
        int u = table.Require("u (start node)", "u", "source", "from_node", "from");
        int v = table.Require("v (end node)", "v", "target", "to_node", "to");
        int wkt = nodesPath is null
            ? table.Require("wkt (geometry)", "wkt", "geometry", "geom")
            : table.Find("wkt", "geometry", "geom");
        int id = table.Find("edge_id", "id", "fid");
        int source = table.Find("osm_way_seq", "osmid", "way_id", "osm_id");
        int highway = table.Find("highway");
        int oneway = table.Find("oneway");
        int name = table.Find("name");
        int lanes = table.Find("lanes");
        int maxspeed = table.Find("maxspeed");

        var lon = new List<double>();
        var lat = new List<double>();
        long row = 0;
        while (table.Next())
        {
            row++;
            sink.RecordsRead++;
            string where = table.Where;
            string? highwayValue = highway < 0 ? "road" : FirstOf(table.Text(highway));
            if (!sink.Accept(highwayValue))
            {
                continue;
            }

            if (!table.TryLong(u, out long from) || !table.TryLong(v, out long to))
            {
                int bad = table.TryLong(u, out _) ? v : u;
                sink.Reject(ImportSink.BadField, where, table.NameOf(bad), $"'{table.Chars(bad).ToString()}' is not an integer node id");
                continue;
            }

            long edgeId = row;
            if (id >= 0 && !table.TryLong(id, out edgeId))
            {
                sink.Reject(ImportSink.BadField, where, table.NameOf(id), $"'{table.Chars(id).ToString()}' is not an integer edge id");
                continue;
            }

            long sourceId = source >= 0 && OsmValues.TryParseId(table.Chars(source), out long s) ? s : edgeId;
            if (nodesPath is not null && !sink.CheckNodes(from, to, where, table.NameOf(u), table.NameOf(v)))
            {
                continue;
            }

            lon.Clear();
            lat.Clear();
            ReadOnlySpan<char> text = table.Chars(wkt);
            if (wkt >= 0 && !text.IsEmpty)
            {
                if (Wkt.TryParse(text, lon, lat) is { } error)
                {
                    sink.Reject(ImportSink.BadGeometry, where, table.NameOf(wkt), error);
                    continue;
                }

                if (!sink.CheckGeometry(lon, lat, 0, lon.Count, where, table.NameOf(wkt)))
                {
                    continue;
                }
            }
            else if (nodesPath is null)
            {
                sink.Reject(ImportSink.BadGeometry, where, table.NameOf(wkt), "empty geometry");
                continue;
            }

            if (oneway >= 0 && table.Chars(oneway) is "-1")
            {
                sink.Note("oneway_minus_one_rows");
            }

            double maxKmh = maxspeed >= 0 ? OsmValues.ParseMaxSpeedKmh(table.Chars(maxspeed)) : double.NaN;
            int laneCount = lanes >= 0 ? OsmValues.ParseLanes(table.Chars(lanes)) : 0;
            if (sink.AddEdge(edgeId, sourceId, from, to, highwayValue!, name >= 0 ? table.Text(name) : null, laneCount, maxKmh,
                    lon, lat, 0, lon.Count, reverse: false, where))
            {
                sink.RecordsKept++;
            }
        }

        sink.RequireEdges();
    }

    private static void ReadNodes(string path, ImportSink sink)
    {
        sink.File = path;
        using var table = new CsvReader(path);
        int id = table.Require("node_id", "node_id", "id", "osmid");
        int lonColumn = table.Require("lon", "lon", "x", "longitude");
        int latColumn = table.Require("lat", "lat", "y", "latitude");
        long count = 0;
        while (table.Next())
        {
            count++;
            if (!table.TryLong(id, out long nodeId))
            {
                sink.Reject(ImportSink.BadField, table.Where, table.NameOf(id), $"'{table.Chars(id).ToString()}' is not an integer node id");
                continue;
            }

            if (!table.TryDouble(lonColumn, out double lon) || !table.TryDouble(latColumn, out double lat)
                || lon is < -180 or > 180 || lat is < -90 or > 90)
            {
                sink.Reject(ImportSink.BadField, table.Where, table.NameOf(lonColumn),
                    $"node {nodeId.ToString(CultureInfo.InvariantCulture)} has no valid WGS-84 lon/lat ('{table.Chars(lonColumn).ToString()}', '{table.Chars(latColumn).ToString()}')");
                continue;
            }

            if (!sink.Builder.AddNode(nodeId, lon, lat))
            {
                sink.Warn($"{path}: {table.Where}: node {nodeId.ToString(CultureInfo.InvariantCulture)} appears again; the first position is kept");
            }
        }

        if (count == 0)
        {
            throw new UserInputException($"{path}: the node file has a header but no rows (empty input).", path);
        }
    }

    private static string? FirstOf(string? value) =>
        value is null || (value[0] != '[' && !value.Contains(';', StringComparison.Ordinal)) ? value : OsmValues.First(value).ToString();
}
