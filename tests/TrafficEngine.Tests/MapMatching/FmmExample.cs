using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>One trip of an FMM example: a WKT polyline's vertices, in order, without times.</summary>
public sealed record FmmTrip(long Id, double[] Lon, double[] Lat);

/// <summary>
/// One row of FMM's reference output: <c>opath</c>, the matched edge id per input point (null when the file has no such
/// column, as the toy grid's), and <c>cpath</c>, the complete path as edge ids in driving order.
/// </summary>
public sealed record FmmMatch(long Id, long[]? Opath, long[] Cpath);

/// <summary>
/// The FMM example fixtures under <c>../shared/data/fmm_example_networks</c> (PROVENANCE.md there): the network
/// shapefile, <c>trips.csv</c> (<c>id;geom</c>) and FMM's <c>mr.txt</c> (<c>id;[opath;]cpath;mgeom</c>), plus the
/// timestamps the engine's matcher needs and FMM does not use.
/// </summary>
public static class FmmExample
{
    /// <summary>
    /// Speed at which the trips are taken to be driven to give their vertices times: 20 km/h, an ordinary average for
    /// city-centre driving with its junctions, and below every free-flow speed of both networks (30 km/h at the least)
    /// even when the matcher allows no margin above free flow (<see cref="TrafficEngine.MapMatching.MatchOptions.SpeedFactor"/> 1).
    /// The matcher's speed checks then see a plausible trip and never penalise the detour a hand-drawn chord implies;
    /// FMM, which ignores time, has nothing to compare them with.
    /// </summary>
    public const double TripSpeedKmh = 20;

    /// <summary>Time of every trip's first vertex (UTC), arbitrary.</summary>
    public static readonly DateTimeOffset TripStart = new(2024, 4, 22, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A file of the fixture folder, e.g. ("stockholm", "trips.csv"); fails loudly when it is missing.</summary>
    public static string File(string fixture, string name)
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !System.IO.File.Exists(Path.Combine(root, "Traffic.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.True(root is not null, $"Traffic.sln not found above {AppContext.BaseDirectory}.");
        string path = Path.GetFullPath(Path.Combine(root!, "..", "shared", "data", "fmm_example_networks", fixture, name));
        Assert.True(System.IO.File.Exists(path), $"The FMM example file is missing at {path}; this test must not be skipped.");
        return path;
    }

    /// <summary>Imports the fixture's <c>edges.shp</c> with the engine's importer.</summary>
    public static (RoadNetwork Network, NetworkImportReport Report) ImportNetwork(string fixture) =>
        NetworkImporter.Import(new NetworkImportOptions { Input = File(fixture, "edges.shp"), Format = NetworkFormat.Shapefile });

    public static List<FmmTrip> ReadTrips(string fixture)
    {
        var trips = new List<FmmTrip>();
        string path = File(fixture, "trips.csv");
        foreach ((int line, string[] fields) in Rows(path, "id", "geom"))
        {
            var lon = new List<double>();
            var lat = new List<double>();
            string? error = Wkt.TryParse(fields[1], lon, lat);
            Assert.True(error is null, $"{path} line {line}: {error}");
            trips.Add(new FmmTrip(long.Parse(fields[0], CultureInfo.InvariantCulture), [.. lon], [.. lat]));
        }

        return trips;
    }

    public static Dictionary<long, FmmMatch> ReadReference(string fixture)
    {
        var matches = new Dictionary<long, FmmMatch>();
        string path = File(fixture, "mr.txt");
        string[] header = System.IO.File.ReadLines(path).First().Split(';');
        int opath = Array.IndexOf(header, "opath"), cpath = Array.IndexOf(header, "cpath");
        Assert.True(cpath >= 0, $"{path}: no cpath column in '{string.Join(';', header)}'.");
        foreach ((int _, string[] fields) in Rows(path, header))
        {
            long id = long.Parse(fields[0], CultureInfo.InvariantCulture);
            matches.Add(id, new FmmMatch(id, opath < 0 ? null : Ids(fields[opath]), Ids(fields[cpath])));
        }

        return matches;
    }

    /// <summary>
    /// Times for a trip's vertices (UTC epoch ms): <see cref="TripStart"/> plus the great-circle distance along the
    /// polyline so far, driven at <see cref="TripSpeedKmh"/>.
    /// </summary>
    public static long[] Timestamps(FmmTrip trip)
    {
        ArgumentNullException.ThrowIfNull(trip);
        var times = new long[trip.Lon.Length];
        double metres = 0;
        long start = TripStart.ToUnixTimeMilliseconds();
        for (int i = 0; i < times.Length; i++)
        {
            if (i > 0)
            {
                metres += GreatCircle.DistanceMetres(trip.Lon[i - 1], trip.Lat[i - 1], trip.Lon[i], trip.Lat[i]);
            }

            times[i] = start + (long)Math.Round(metres / (TripSpeedKmh / 3.6) * 1000);
        }

        return times;
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(string path, params string[] expectedHeader)
    {
        int line = 0;
        foreach (string text in System.IO.File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            string[] fields = text.Split(';');
            if (line == 1)
            {
                Assert.Equal(expectedHeader, fields);
                continue;
            }

            Assert.True(fields.Length == expectedHeader.Length, $"{path} line {line}: {fields.Length} fields, expected {expectedHeader.Length}.");
            yield return (line, fields);
        }
    }

    private static long[] Ids(string list) =>
        list.Length == 0 ? [] : [.. list.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
}
