using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads an ESRI shapefile of directed road edges through NetTopologySuite.IO.Esri.Shapefile: PolyLine, PolyLineZ or
/// PolyLineM shapes (<see cref="ShpRecords"/>, x/y only) with their attributes (<see cref="DbfTable"/>) in step,
/// record by record. Each record is one directed edge, taken as it is (FMM's networks: <c>id</c>/<c>fid</c>,
/// <c>source</c>/<c>u</c>, <c>target</c>/<c>v</c>). Edge id: <c>fid</c>, else <c>id</c>, else the record number;
/// source id: <c>osmid</c> (first of a list), else the edge id; highway (else "road"), name, lanes, maxspeed. The parts
/// of a multi-part shape are joined into one line (FMM edges have one), a point repeating the one before kept once.
/// The .prj decides the coordinates: see <see cref="ShapefileProjection"/>.
/// </summary>
internal static class ShapefileNetworkReader
{
    public static void Read(string path, ImportSink sink)
    {
        string dbfPath = Path.ChangeExtension(path, ".dbf");
        if (!File.Exists(dbfPath))
        {
            throw new UserInputException($"{path}: the attribute table {Path.GetFileName(dbfPath)} is missing beside it.", dbfPath);
        }

        Func<double, double, (double, double)>? toWgs84 = ShapefileProjection.Resolve(path, sink);
        using var shp = new ShpRecords(path);
        using var dbf = new DbfTable(dbfPath);
        DbfField? id = dbf.Find("fid", "id", "_uid_", "edge_id");
        DbfField? from = dbf.Find("u", "source", "from", "from_node");
        DbfField? to = dbf.Find("v", "target", "to", "to_node");
        if (from is null || to is null)
        {
            throw new UserInputException(
                $"{dbfPath}: required field {(from is null ? "source (or u)" : "target (or v)")} is missing; each record must name its start and end node.",
                dbfPath, field: from is null ? "source" : "target");
        }

        DbfField? osmid = dbf.Find("osmid", "way_id");
        DbfField? highway = dbf.Find("highway");
        DbfField? name = dbf.Find("name");
        DbfField? lanes = dbf.Find("lanes");
        DbfField? maxspeed = dbf.Find("maxspeed");
        var lon = new List<double>();
        var lat = new List<double>();
        while (shp.Next(out MultiLineString? shape, out string? shapeError))
        {
            int record = shp.Record;
            if (!dbf.Next(out bool deleted))
            {
                throw new UserInputException($"{dbfPath}: has fewer records than {Path.GetFileName(path)} (no record {record}).", dbfPath, record);
            }

            sink.RecordsRead++;
            string where = $"record {record.ToString(CultureInfo.InvariantCulture)}";
            if (deleted)
            {
                sink.Note("deleted_records");
                continue;
            }

            string? highwayValue = highway is null ? "road" : DbfTable.Text(highway) is { } h ? OsmValues.First(h).ToString() : null;
            if (!sink.Accept(highwayValue))
            {
                continue;
            }

            if (!DbfTable.TryLong(from, out long u) || !DbfTable.TryLong(to, out long v))
            {
                DbfField bad = DbfTable.TryLong(from, out _) ? to : from;
                sink.Reject(ImportSink.BadField, where, bad.Name, $"'{DbfTable.Text(bad)}' is not an integer node id");
                continue;
            }

            if (shapeError is not null)
            {
                sink.Reject(ImportSink.BadGeometry, where, "shape", shapeError);
                continue;
            }

            Points(shape!, toWgs84, lon, lat);
            if (!sink.CheckGeometry(lon, lat, 0, lon.Count, where, "shape"))
            {
                continue;
            }

            long edgeId = id is not null && DbfTable.TryLong(id, out long e) ? e : record;
            long sourceId = osmid is not null && OsmValues.TryParseId(DbfTable.Text(osmid), out long s) ? s : edgeId;
            int laneCount = lanes is null ? 0 : OsmValues.ParseLanes(DbfTable.Text(lanes));
            double maxKmh = maxspeed is null ? double.NaN : OsmValues.ParseMaxSpeedKmh(DbfTable.Text(maxspeed));
            if (sink.AddEdge(edgeId, sourceId, u, v, highwayValue!, DbfTable.Text(name), laneCount, maxKmh,
                    lon, lat, 0, lon.Count, reverse: false, where))
            {
                sink.RecordsKept++;
            }
        }

        if (dbf.Next(out _))
        {
            sink.Warn($"{dbfPath}: has more records than {Path.GetFileName(path)}'s {shp.Record}; the extra ones are ignored");
        }

        sink.RequireEdges();
    }

    /// <summary>The shape's x/y points, parts joined, a point equal to the one before skipped, made lon/lat.</summary>
    private static void Points(MultiLineString shape, Func<double, double, (double, double)>? toWgs84, List<double> lon, List<double> lat)
    {
        lon.Clear();
        lat.Clear();
        for (int part = 0; part < shape.NumGeometries; part++)
        {
            CoordinateSequence points = ((LineString)shape.GetGeometryN(part)).CoordinateSequence;
            for (int i = 0; i < points.Count; i++)
            {
                double x = points.GetX(i), y = points.GetY(i);
                if (lon.Count > 0 && lon[^1] == x && lat[^1] == y)
                {
                    continue;
                }

                lon.Add(x);
                lat.Add(y);
            }
        }

        if (toWgs84 is not null)
        {
            for (int i = 0; i < lon.Count; i++)
            {
                (lon[i], lat[i]) = toWgs84(lon[i], lat[i]);
            }
        }
    }
}
