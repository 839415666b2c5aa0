using System.Globalization;
using System.Xml;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads OpenStreetMap XML (.osm, .osm.gz) in one streaming pass with <see cref="XmlReader"/>: node positions go into
/// flat arrays, drivable ways keep their node lists in one flat list. Each way is then split at its junctions (nodes
/// that two or more drivable way ends or passages share, and the way's own ends) into pieces that run junction to
/// junction with the full shape. Direction: <c>oneway</c> yes/true/1 along the way, -1 against it, otherwise both
/// (<c>junction=roundabout</c> and <c>highway=motorway</c> imply oneway=yes when no oneway tag says otherwise).
/// Edge ids: <see cref="EdgeIds.Compose"/>(way id, piece, reverse). A piece touching a node the file does not hold
/// (a way clipped by the extract) is rejected as dangling_node.
/// </summary>
internal static class OsmXmlReader
{
    public static void Read(string path, ImportSink sink)
    {
        var ways = new OsmWayStore();
        var nodeIndex = new Dictionary<long, int>();
        var nodeLon = new List<double>();
        var nodeLat = new List<double>();
        using (Stream stream = InputFile.Open(path))
        using (var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit }))
        {
            try
            {
                bool sawRoot = false;
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    switch (xml.LocalName)
                    {
                        case "osm":
                            sawRoot = true;
                            break;
                        case "node":
                            ReadNode(path, xml, sink, nodeIndex, nodeLon, nodeLat);
                            break;
                        case "way":
                            ReadWay(xml, sink, ways);
                            break;
                    }
                }

                if (!sawRoot)
                {
                    throw new UserInputException($"{path}: no <osm> root element; not an OpenStreetMap XML file (empty input?).", path);
                }
            }
            catch (XmlException ex)
            {
                throw new UserInputException($"{path}: line {ex.LineNumber}: not well-formed XML: {ex.Message}", path, ex.LineNumber, innerException: ex);
            }
        }

        Split(ways, sink, nodeIndex, nodeLon, nodeLat);
        sink.RequireEdges();
    }

    private static void ReadNode(string path, XmlReader xml, ImportSink sink, Dictionary<long, int> index, List<double> lon, List<double> lat)
    {
        string where = Where(xml);
        if (!long.TryParse(xml.GetAttribute("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id))
        {
            sink.Reject(ImportSink.BadField, where, "id", $"node id '{xml.GetAttribute("id")}' is not an integer");
            return;
        }

        if (!double.TryParse(xml.GetAttribute("lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            || !double.TryParse(xml.GetAttribute("lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
            || !double.IsFinite(x) || !double.IsFinite(y) || x is < -180 or > 180 || y is < -90 or > 90)
        {
            // A node without a position: ways through it lose the pieces that touch it (counted as dangling there).
            sink.Warn($"{path}: {where}, field 'lon': node {id} has no valid lon/lat ('{xml.GetAttribute("lon")}', '{xml.GetAttribute("lat")}')");
            return;
        }

        if (index.TryAdd(id, lon.Count))
        {
            lon.Add(x);
            lat.Add(y);
        }
    }

    private static void ReadWay(XmlReader xml, ImportSink sink, OsmWayStore ways)
    {
        string where = Where(xml);
        long.TryParse(xml.GetAttribute("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long wayId);
        ways.Begin(wayId, where);
        if (!xml.IsEmptyElement)
        {
            int depth = xml.Depth;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (xml.LocalName == "nd" && long.TryParse(xml.GetAttribute("ref"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long nodeRef))
                {
                    ways.AddRef(nodeRef);
                }
                else if (xml.LocalName == "tag")
                {
                    ways.SetTag(xml.GetAttribute("k"), xml.GetAttribute("v"));
                }
            }
        }

        if (ways.Highway is null)
        {
            ways.Discard(); // not a road at all (building, landuse, ...): not counted
            return;
        }

        sink.RecordsRead++;
        if (!sink.Accept(ways.Highway))
        {
            ways.Discard();
            return;
        }

        ways.Commit();
    }

    private static void Split(OsmWayStore ways, ImportSink sink, Dictionary<long, int> nodeIndex, List<double> nodeLon, List<double> nodeLat)
    {
        // A node is a junction when drivable ways pass through or end at it more than once, or a way ends there.
        var uses = new Dictionary<long, int>();
        for (int w = 0; w < ways.Count; w++)
        {
            ReadOnlySpan<long> refs = ways.Refs(w);
            for (int i = 0; i < refs.Length; i++)
            {
                int add = i == 0 || i == refs.Length - 1 ? 2 : 1;
                uses[refs[i]] = uses.GetValueOrDefault(refs[i]) + add;
            }
        }

        var lon = new List<double>();
        var lat = new List<double>();
        for (int w = 0; w < ways.Count; w++)
        {
            ReadOnlySpan<long> refs = ways.Refs(w);
            OsmWay way = ways[w];
            if (refs.Length < 2)
            {
                sink.Reject(ImportSink.BadGeometry, way.Where, "nd", $"way {way.Id} has {refs.Length} node(s); a road needs at least 2");
                continue;
            }

            Oneway direction = way.Oneway;
            bool kept = false;
            int piece = 0, start = 0;
            for (int i = 1; i < refs.Length; i++)
            {
                if (i < refs.Length - 1 && uses.GetValueOrDefault(refs[i]) < 2)
                {
                    continue;
                }

                kept |= AddPiece(sink, way, refs[start..(i + 1)], piece, direction, nodeIndex, nodeLon, nodeLat, lon, lat);
                piece++;
                start = i;
            }

            if (kept)
            {
                sink.RecordsKept++;
            }
        }
    }

    private static bool AddPiece(ImportSink sink, OsmWay way, ReadOnlySpan<long> refs, int piece, Oneway direction,
        Dictionary<long, int> nodeIndex, List<double> nodeLon, List<double> nodeLat, List<double> lon, List<double> lat)
    {
        lon.Clear();
        lat.Clear();
        long missing = 0;
        int missingCount = 0;
        foreach (long nodeRef in refs)
        {
            if (nodeIndex.TryGetValue(nodeRef, out int n))
            {
                lon.Add(nodeLon[n]);
                lat.Add(nodeLat[n]);
            }
            else
            {
                missing = missingCount == 0 ? nodeRef : missing;
                missingCount++;
            }
        }

        string where = $"{way.Where} (way {way.Id}, piece {piece})";
        if (missingCount > 0)
        {
            sink.CountDangling(missingCount);
            sink.Reject(ImportSink.DanglingNode, where, "nd", $"node {missing} is not in the file ({missingCount} missing in this piece)");
            return false;
        }

        if (!sink.CheckGeometry(lon, lat, 0, lon.Count, where, "nd"))
        {
            return false;
        }

        long first = refs[0], last = refs[^1];
        if (direction != Oneway.Backward)
        {
            sink.AddEdge(EdgeIds.Compose(way.Id, piece, false), way.Id, first, last, way.Highway, way.Name, way.Lanes, way.MaxSpeedKmh,
                lon, lat, 0, lon.Count, reverse: false, where);
        }

        if (direction != Oneway.Forward)
        {
            sink.AddEdge(EdgeIds.Compose(way.Id, piece, true), way.Id, last, first, way.Highway, way.Name, way.Lanes, way.MaxSpeedKmh,
                lon, lat, 0, lon.Count, reverse: true, where);
            if (direction == Oneway.Both)
            {
                sink.TwoWayReverseEdges++;
            }
        }

        return true;
    }

    private static string Where(XmlReader xml) =>
        xml is IXmlLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber.ToString(CultureInfo.InvariantCulture)}" : "element";
}
