using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;

namespace Bench;

/// <summary>
/// `network-readers [--reps 7]`: network import rate of the shapefile and GeoJSON readers (NetTopologySuite.IO.Esri.Shapefile,
/// NetTopologySuite.IO.GeoJSON4STJ), and of the engine's WKT parser against NetTopologySuite's <see cref="WKTReader"/>
/// in the same run, runs interleaved. Inputs: FMM's Stockholm shapefile, and the Beijing network (imported from its
/// edge CSV) written as a shapefile and as GeoJSON; the Beijing edge CSV's 70,310 WKT strings. Each reader feeds a
/// fresh import sink (no network build); medians. The engine's own shapefile and GeoJSON readers were timed against
/// the library's by this mode at commit 2a94154 (bench/RESULTS.md).
/// </summary>
public static class NetworkReaders
{
    public static int Run(string[] args)
    {
        int reps = BenchArgs.GetInt32(args, "--reps", 7);
        string folder = Directory.CreateTempSubdirectory("network-readers-").FullName;
        try
        {
            RoadNetwork beijing = NetworkImporter.Import(new NetworkImportOptions
            {
                Input = BenchData.SharedFile("osm_beijing_road_network/edges.csv"),
                Nodes = BenchData.SharedFile("osm_beijing_road_network/nodes.csv"),
                IncludeService = true,
            }).Network;
            string shp = WriteShapefile(beijing, Path.Combine(folder, "beijing.shp"));
            string geojson = WriteGeoJson(beijing, Path.Combine(folder, "beijing.geojson"));
            Console.WriteLine($"Beijing: {beijing.EdgeCount:N0} edges; shapefile {Size(shp, ".shp", ".dbf"):F1} MB, GeoJSON {Size(geojson):F1} MB; {reps} runs each, interleaved");
            Console.WriteLine("| input | records | ms | records/s |");
            Console.WriteLine("|---|---|---|---|");
            Rate("Stockholm shapefile (FMM)", BenchData.SharedFile("fmm_example_networks/stockholm/edges.shp"), ShapefileNetworkReader.Read, reps);
            Rate("Beijing shapefile", shp, ShapefileNetworkReader.Read, reps);
            Rate("Beijing GeoJSON", geojson, GeoJsonNetworkReader.Read, reps);
            Console.WriteLine("| WKT | strings | engine's ms | NetTopologySuite ms | engine strings/s | NetTopologySuite strings/s | NetTopologySuite / engine time |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            CompareWkt(BenchData.SharedFile("osm_beijing_road_network/edges.csv"), reps);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Rate(string label, string path, Action<string, ImportSink> read, int reps)
    {
        var ms = new List<double>();
        long records = 0;
        for (int rep = 0; rep < reps + 1; rep++) // the first run warms up
        {
            (double elapsed, long read2, _) = Time(path, read);
            records = read2;
            if (rep > 0)
            {
                ms.Add(elapsed);
            }
        }

        double median = Median(ms);
        Console.WriteLine($"| {label} | {records:N0} | {median:F1} | {records / median * 1000:N0} |");
    }

    private static (double Ms, long Records, long Edges) Time(string path, Action<string, ImportSink> read)
    {
        var sink = new ImportSink(path, includeService: true);
        var clock = Stopwatch.StartNew();
        read(path, sink);
        return (clock.Elapsed.TotalMilliseconds, sink.RecordsRead, sink.Builder.EdgeCount);
    }

    /// <summary>The WKT strings of the edge CSV parsed by the engine's parser and by NetTopologySuite's WKTReader.</summary>
    private static void CompareWkt(string edgesCsv, int reps)
    {
        string[] texts = File.ReadLines(edgesCsv).Skip(1).Select(line => line[(line.LastIndexOf("\"LINESTRING", StringComparison.Ordinal) + 1)..line.LastIndexOf('"')]).ToArray();
        var lon = new List<double>();
        var lat = new List<double>();
        var reader = new WKTReader();
        var ownMs = new List<double>();
        var libraryMs = new List<double>();
        long ownPoints = 0, libraryPoints = 0;
        for (int rep = 0; rep < reps + 1; rep++)
        {
            var clock = Stopwatch.StartNew();
            ownPoints = 0;
            foreach (string text in texts)
            {
                lon.Clear();
                lat.Clear();
                if (Wkt.TryParse(text, lon, lat) is { } error)
                {
                    throw new InvalidOperationException($"{text}: {error}");
                }

                ownPoints += lon.Count;
            }

            double own = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            libraryPoints = 0;
            foreach (string text in texts)
            {
                lon.Clear();
                lat.Clear();
                CoordinateSequence points = ((LineString)reader.Read(text)).CoordinateSequence;
                for (int i = 0; i < points.Count; i++)
                {
                    lon.Add(points.GetX(i));
                    lat.Add(points.GetY(i));
                }

                libraryPoints += lon.Count;
            }

            if (rep > 0)
            {
                ownMs.Add(own);
                libraryMs.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        if (ownPoints != libraryPoints)
        {
            throw new InvalidOperationException($"WKT: the parsers disagree ({ownPoints} points against {libraryPoints}).");
        }

        double a = Median(ownMs), b = Median(libraryMs);
        Console.WriteLine($"| Beijing edge CSV, parse alone | {texts.Length:N0} | {a:F1} | {b:F1} | {texts.Length / a * 1000:N0} | {texts.Length / b * 1000:N0} | {b / a:F2} |");
        var import = new List<double>();
        for (int rep = 0; rep < reps; rep++)
        {
            var clock = Stopwatch.StartNew();
            NetworkImporter.Import(new NetworkImportOptions { Input = edgesCsv, IncludeService = true });
            import.Add(clock.Elapsed.TotalMilliseconds);
        }

        double whole = Median(import);
        Console.WriteLine($"Beijing edge CSV import, whole (engine's WKT): {whole:F1} ms, {texts.Length / whole * 1000:N0} records/s; with the library's WKT it would take {whole - a + b:F1} ms ({(whole - a + b) / whole:F2}x)");
    }

    private static string WriteShapefile(RoadNetwork network, string path)
    {
        var features = new List<IFeature>(network.EdgeCount);
        var factory = new GeometryFactory();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            var attributes = new AttributesTable
            {
                { "fid", network.EdgeIds[e] },
                { "osmid", network.SourceIds[e] },
                { "u", network.NodeIds[network.EdgeFrom[e]] },
                { "v", network.NodeIds[network.EdgeTo[e]] },
                { "highway", network.HighwayOf(e) ?? "" },
                { "name", network.NameOf(e) ?? "" },
                { "lanes", network.Lanes[e].ToString(CultureInfo.InvariantCulture) },
            };
            features.Add(new Feature(factory.CreateLineString(Coordinates(network, e)), attributes));
        }

        Shapefile.WriteAllFeatures(features, path, "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", Encoding.UTF8);
        File.WriteAllText(Path.ChangeExtension(path, ".cpg"), "UTF-8");
        return path;
    }

    /// <summary>One feature per directed edge, one-way, with OSM-style properties and the edge's own nodes.</summary>
    private static string WriteGeoJson(RoadNetwork network, string path)
    {
        using (FileStream file = File.Create(path))
        using (var json = new Utf8JsonWriter(file))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            for (int e = 0; e < network.EdgeCount; e++)
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteNumber("id", network.EdgeIds[e]);
                json.WriteStartObject("properties");
                json.WriteString("highway", network.HighwayOf(e));
                json.WriteString("oneway", "yes");
                if (network.NameOf(e) is { } name)
                {
                    json.WriteString("name", name);
                }

                json.WriteString("lanes", network.Lanes[e].ToString(CultureInfo.InvariantCulture));
                json.WriteNumber("osmid", network.SourceIds[e]);
                json.WriteNumber("u", network.NodeIds[network.EdgeFrom[e]]);
                json.WriteNumber("v", network.NodeIds[network.EdgeTo[e]]);
                json.WriteEndObject();
                json.WriteStartObject("geometry");
                json.WriteString("type", "LineString");
                json.WriteStartArray("coordinates");
                foreach (Coordinate point in Coordinates(network, e))
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(point.X);
                    json.WriteNumberValue(point.Y);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return path;
    }

    private static Coordinate[] Coordinates(RoadNetwork network, int edge)
    {
        ReadOnlySpan<double> lon = network.EdgeLon(edge), lat = network.EdgeLat(edge);
        var points = new Coordinate[lon.Length];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new Coordinate(lon[i], lat[i]);
        }

        return points;
    }

    private static double Size(string path, params string[] extensions) =>
        (extensions.Length == 0 ? new FileInfo(path).Length : extensions.Sum(x => new FileInfo(Path.ChangeExtension(path, x)).Length)) / 1e6;

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
