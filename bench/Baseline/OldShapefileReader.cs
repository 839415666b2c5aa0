using System.Buffers.Binary;
using System.Globalization;
using TrafficEngine.Geo.Import;
using TrafficEngine.Ingest;

namespace Bench.Baseline;

/// <summary>
/// Reads an ESRI shapefile of directed road edges: PolyLine, PolyLineZ or PolyLineM shapes (.shp, x/y only) with
/// their attributes (.dbf) in step, record by record. Each record is one directed edge, taken as it is (FMM's
/// networks: <c>id</c>/<c>fid</c>, <c>source</c>/<c>u</c>, <c>target</c>/<c>v</c>). Edge id: <c>fid</c>, else
/// <c>id</c>, else the record number; source id: <c>osmid</c> (first of a list), else the edge id; highway (else
/// "road"), name, lanes, maxspeed. Each part of a multi-part shape is joined into one line (FMM edges have one).
/// The .prj decides the coordinates: see <see cref="ShapefileProjection"/>.
/// </summary>
internal static class OldShapefileReader
{
    public static void Read(string path, ImportSink sink)
    {
        string dbfPath = Path.ChangeExtension(path, ".dbf");
        if (!File.Exists(dbfPath))
        {
            throw new IngestException($"{path}: the attribute table {Path.GetFileName(dbfPath)} is missing beside it.", dbfPath);
        }

        Func<double, double, (double, double)>? toWgs84 = ShapefileProjection.Resolve(path, sink);
        using Stream shp = InputStreams.Open(path);
        using var dbf = new OldDbfReader(dbfPath);
        ReadHeader(path, shp);
        int id = dbf.Find("fid", "id", "_uid_", "edge_id");
        int from = dbf.Find("u", "source", "from", "from_node");
        int to = dbf.Find("v", "target", "to", "to_node");
        if (from < 0 || to < 0)
        {
            throw new IngestException(
                $"{dbfPath}: required field {(from < 0 ? "source (or u)" : "target (or v)")} is missing; each record must name its start and end node.",
                dbfPath, field: from < 0 ? "source" : "target");
        }

        int osmid = dbf.Find("osmid", "way_id");
        int highway = dbf.Find("highway");
        int name = dbf.Find("name");
        int lanes = dbf.Find("lanes");
        int maxspeed = dbf.Find("maxspeed");
        var lon = new List<double>();
        var lat = new List<double>();
        byte[] content = [];
        Span<byte> recordHeader = stackalloc byte[8];
        int record = 0;
        while (shp.ReadAtLeast(recordHeader, 8, throwOnEndOfStream: false) == 8)
        {
            record++;
            int length = BinaryPrimitives.ReadInt32BigEndian(recordHeader[4..]) * 2;
            if (length < 4 || length > 1 << 28)
            {
                throw new IngestException($"{path}: record {record}: content length {length} bytes is not possible.", path, record);
            }

            if (content.Length < length)
            {
                content = new byte[length];
            }

            if (shp.ReadAtLeast(content.AsSpan(0, length), length, throwOnEndOfStream: false) < length)
            {
                throw new IngestException($"{path}: record {record} is cut short (file truncated).", path, record);
            }

            if (!dbf.Next())
            {
                throw new IngestException($"{dbfPath}: has fewer records than {Path.GetFileName(path)} (no record {record}).", dbfPath, record);
            }

            sink.RecordsRead++;
            string where = $"record {record.ToString(CultureInfo.InvariantCulture)}";
            if (dbf.Deleted)
            {
                sink.Note("deleted_records");
                continue;
            }

            string? highwayValue = highway < 0 ? "road" : dbf.Text(highway) is { } h ? OsmValues.First(h).ToString() : null;
            if (!sink.Accept(highwayValue))
            {
                continue;
            }

            if (!dbf.TryLong(from, out long u) || !dbf.TryLong(to, out long v))
            {
                int bad = dbf.TryLong(from, out _) ? to : from;
                sink.Reject(ImportSink.BadField, where, dbf.NameOf(bad), $"'{dbf.Text(bad)}' is not an integer node id");
                continue;
            }

            if (ReadShape(content.AsSpan(0, length), lon, lat) is { } error)
            {
                sink.Reject(ImportSink.BadGeometry, where, "shape", error);
                continue;
            }

            if (toWgs84 is not null)
            {
                for (int i = 0; i < lon.Count; i++)
                {
                    (lon[i], lat[i]) = toWgs84(lon[i], lat[i]);
                }
            }

            if (!sink.CheckGeometry(lon, lat, 0, lon.Count, where, "shape"))
            {
                continue;
            }

            long edgeId = id >= 0 && dbf.TryLong(id, out long e) ? e : record;
            long sourceId = osmid >= 0 && OsmValues.TryParseId(dbf.Text(osmid), out long s) ? s : edgeId;
            int laneCount = lanes >= 0 ? OsmValues.ParseLanes(dbf.Text(lanes)) : 0;
            double maxKmh = maxspeed >= 0 ? OsmValues.ParseMaxSpeedKmh(dbf.Text(maxspeed)) : double.NaN;
            if (sink.AddEdge(edgeId, sourceId, u, v, highwayValue!, name >= 0 ? dbf.Text(name) : null, laneCount, maxKmh,
                    lon, lat, 0, lon.Count, reverse: false, where))
            {
                sink.RecordsKept++;
            }
        }

        if (dbf.Next())
        {
            sink.Warn($"{dbfPath}: has more records than {Path.GetFileName(path)}'s {record}; the extra ones are ignored");
        }

        sink.RequireEdges();
    }

    private static void ReadHeader(string path, Stream shp)
    {
        Span<byte> header = stackalloc byte[100];
        if (shp.ReadAtLeast(header, 100, throwOnEndOfStream: false) < 100)
        {
            throw new IngestException($"{path}: shorter than a shapefile header (empty input).", path);
        }

        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994)
        {
            throw new IngestException($"{path}: not a shapefile (file code {BinaryPrimitives.ReadInt32BigEndian(header)}, expected 9994).", path);
        }

        int type = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        if (type is not (3 or 13 or 23))
        {
            throw new IngestException($"{path}: shape type {type} is not PolyLine (3), PolyLineZ (13) or PolyLineM (23); road edges must be lines.", path, field: "shape");
        }
    }

    /// <summary>Reads a PolyLine[Z|M] record's x/y points, parts joined (a repeated joint point kept once); null or a reason.</summary>
    private static string? ReadShape(ReadOnlySpan<byte> content, List<double> lon, List<double> lat)
    {
        lon.Clear();
        lat.Clear();
        int type = BinaryPrimitives.ReadInt32LittleEndian(content);
        if (type == 0)
        {
            return "null shape";
        }

        if (type is not (3 or 13 or 23) || content.Length < 44)
        {
            return $"shape type {type} is not a polyline";
        }

        int parts = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
        int points = BinaryPrimitives.ReadInt32LittleEndian(content[40..]);
        long needed = 44 + (4L * parts) + (16L * points);
        if (parts < 1 || points < 0 || needed > content.Length)
        {
            return $"{parts} parts and {points} points do not fit the {content.Length}-byte record";
        }

        ReadOnlySpan<byte> xy = content[(44 + (4 * parts))..];
        for (int i = 0; i < points; i++)
        {
            double x = BinaryPrimitives.ReadDoubleLittleEndian(xy[(i * 16)..]);
            double y = BinaryPrimitives.ReadDoubleLittleEndian(xy[((i * 16) + 8)..]);
            if (lon.Count > 0 && lon[^1] == x && lat[^1] == y)
            {
                continue;
            }

            lon.Add(x);
            lat.Add(y);
        }

        return null;
    }
}
