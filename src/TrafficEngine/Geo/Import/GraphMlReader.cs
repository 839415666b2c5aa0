using System.Globalization;
using System.Xml;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads an OSMnx GraphML file with <see cref="XmlReader"/> (streaming). Attribute names come from the
/// <c>&lt;key&gt;</c> declarations. Nodes: <c>x</c> (lon), <c>y</c> (lat). Edges are already directed (OSMnx stores
/// both directions of a two-way road) and are taken as they are: <c>osmid</c> (first of a list) is the source id,
/// <c>highway</c> (first of a list), <c>name</c>, <c>lanes</c>, <c>maxspeed</c>, <c>geometry</c> (WKT; absent means
/// the straight line). GraphML has no edge id, so the edge id is <see cref="EdgeIds.Hash"/> of (u, v, key), which the
/// same file always gives. A geometry drawn from v to u is turned round (counted as note geometry_reversed).
/// Edges before their nodes, or to undeclared nodes, are dangling.
/// </summary>
internal static class GraphMlReader
{
    public static void Read(string path, ImportSink sink)
    {
        using Stream stream = InputFile.Open(path);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lon = new List<double>();
        var lat = new List<double>();
        try
        {
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Read();
                    continue;
                }

                switch (xml.LocalName)
                {
                    case "key":
                        if (xml.GetAttribute("id") is { } id && xml.GetAttribute("attr.name") is { } name)
                        {
                            keys[id] = name;
                        }

                        break;
                    case "graph":
                        if (xml.GetAttribute("edgedefault") == "undirected")
                        {
                            throw Fail(path, xml, "graph", "the graph is undirected; only directed (OSMnx) graphs are supported");
                        }

                        break;
                    case "data" when xml.Depth == 2:
                        if (keys.GetValueOrDefault(xml.GetAttribute("key") ?? "") == "crs")
                        {
                            CheckCrs(path, xml, xml.ReadElementContentAsString());
                            continue; // already on the next node
                        }

                        break;
                    case "node":
                        ReadNode(path, xml, keys, values, sink);
                        break;
                    case "edge":
                        ReadEdge(path, xml, keys, values, sink, lon, lat);
                        break;
                }

                xml.Read();
            }
        }
        catch (XmlException ex)
        {
            throw new UserInputException($"{path}: line {ex.LineNumber}: not well-formed XML: {ex.Message}", path, ex.LineNumber, innerException: ex);
        }

        sink.RequireEdges();
    }

    private static void CheckCrs(string path, XmlReader xml, string crs)
    {
        string lower = crs.Trim().ToLowerInvariant();
        if (lower is not ("epsg:4326" or "wgs84" or "ogc:crs84" or "+init=epsg:4326"))
        {
            throw Fail(path, xml, "crs", $"the graph's crs is '{crs}'; only WGS-84 lon/lat (epsg:4326) is supported (project it back with ox.project_graph(G, to_crs='epsg:4326'))");
        }
    }

    private static void ReadNode(string path, XmlReader xml, Dictionary<string, string> keys, Dictionary<string, string> values, ImportSink sink)
    {
        string where = Where(xml);
        string? id = xml.GetAttribute("id");
        ReadData(xml, keys, values);
        if (!OsmValues.TryParseId(id, out long nodeId))
        {
            sink.Reject(ImportSink.BadField, where, "id", $"node id '{id}' is not an integer");
            return;
        }

        if (!double.TryParse(values.GetValueOrDefault("x"), NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            || !double.TryParse(values.GetValueOrDefault("y"), NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
            || !double.IsFinite(x) || !double.IsFinite(y) || x is < -180 or > 180 || y is < -90 or > 90)
        {
            sink.Reject(ImportSink.BadField, where, "x", $"node {nodeId} has no valid lon/lat (x '{values.GetValueOrDefault("x")}', y '{values.GetValueOrDefault("y")}')");
            return;
        }

        sink.Builder.AddNode(nodeId, x, y);
    }

    private static void ReadEdge(string path, XmlReader xml, Dictionary<string, string> keys, Dictionary<string, string> values,
        ImportSink sink, List<double> lon, List<double> lat)
    {
        string where = Where(xml);
        string? source = xml.GetAttribute("source"), target = xml.GetAttribute("target"), key = xml.GetAttribute("id");
        ReadData(xml, keys, values);
        sink.RecordsRead++;
        string? highway = values.TryGetValue("highway", out string? h) ? OsmValues.First(h).ToString() : null;
        if (!sink.Accept(highway))
        {
            return;
        }

        if (!OsmValues.TryParseId(source, out long u) || !OsmValues.TryParseId(target, out long v))
        {
            sink.Reject(ImportSink.BadField, where, "source", $"edge end '{source}' -> '{target}' is not a pair of integer node ids");
            return;
        }

        if (!sink.CheckNodes(u, v, where, "source", "target"))
        {
            return;
        }

        long edgeKey = OsmValues.TryParseId(key, out long k) ? k : 0;
        long sourceId = values.TryGetValue("osmid", out string? osmid) && OsmValues.TryParseId(osmid, out long way) ? way : EdgeIds.Hash(u, v, edgeKey);
        lon.Clear();
        lat.Clear();
        bool reverse = false;
        if (values.TryGetValue("geometry", out string? wkt))
        {
            if (Wkt.TryParse(wkt, lon, lat) is { } error)
            {
                sink.Reject(ImportSink.BadGeometry, where, "geometry", error);
                return;
            }

            if (!sink.CheckGeometry(lon, lat, 0, lon.Count, where, "geometry"))
            {
                return;
            }

            reverse = DrawnBackwards(sink.Builder, u, v, lon, lat);
            if (reverse)
            {
                sink.Note("geometry_reversed");
            }
        }

        string? name = values.TryGetValue("name", out string? n) ? OsmValues.First(n).ToString() : null;
        int lanes = values.TryGetValue("lanes", out string? l) ? OsmValues.ParseLanes(l) : 0;
        double maxKmh = values.TryGetValue("maxspeed", out string? m) ? OsmValues.ParseMaxSpeedKmh(m) : double.NaN;
        if (sink.AddEdge(EdgeIds.Hash(u, v, edgeKey), sourceId, u, v, highway!, name, lanes, maxKmh, lon, lat, 0, lon.Count, reverse, where))
        {
            sink.RecordsKept++;
        }
    }

    /// <summary>Whether the geometry starts nearer node v than node u (so it was drawn from v to u).</summary>
    private static bool DrawnBackwards(RoadNetworkBuilder builder, long u, long v, List<double> lon, List<double> lat)
    {
        (double uLon, double uLat) = builder.NodePosition(u);
        (double vLon, double vLat) = builder.NodePosition(v);
        double startToU = GreatCircle.DistanceMetres(lon[0], lat[0], uLon, uLat);
        double startToV = GreatCircle.DistanceMetres(lon[0], lat[0], vLon, vLat);
        return startToV < startToU;
    }

    /// <summary>Reads the &lt;data&gt; children of the current element into <paramref name="values"/> by attribute name.</summary>
    private static void ReadData(XmlReader xml, Dictionary<string, string> keys, Dictionary<string, string> values)
    {
        values.Clear();
        if (xml.IsEmptyElement)
        {
            return;
        }

        int depth = xml.Depth;
        xml.Read();
        while (xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "data")
            {
                string name = keys.GetValueOrDefault(xml.GetAttribute("key") ?? "", xml.GetAttribute("key") ?? "");
                values[name] = xml.ReadElementContentAsString();
            }
            else
            {
                xml.Read();
            }
        }
    }

    private static string Where(XmlReader xml) =>
        xml is IXmlLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber.ToString(CultureInfo.InvariantCulture)}" : "element";

    private static UserInputException Fail(string path, XmlReader xml, string field, string message)
    {
        long? line = xml is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;
        return new UserInputException($"{path}: {Where(xml)}, '{field}': {message}.", path, line, field);
    }
}
