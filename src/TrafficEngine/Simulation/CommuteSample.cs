using System.Globalization;
using System.Text;
using TrafficEngine.IO;

namespace TrafficEngine.Simulation;

/// <summary>
/// A synthetic commute OD sample (<see cref="CommuteSampleModel"/>): its zones and its OD rows (home zone, work
/// zone, commuters, road distance km, time min), with the gravity model's β and mean distance.
/// </summary>
public sealed class CommuteSample
{
    /// <summary>A square zone: its corners (WGS-84), centre, area, centroid node and approximate district.</summary>
    public sealed record Zone(string Id, double West, double South, double East, double North, double CentreLon, double CentreLat,
        double AreaKm2, int Node, string District);

    internal CommuteSample(IReadOnlyList<Zone> zones, int[] home, int[] work, int[] commuters, double[] distanceKm, double[] timeMin,
        double beta, double modelMeanKm)
    {
        Zones = zones;
        Home = home;
        Work = work;
        Commuters = commuters;
        DistanceKm = distanceKm;
        TimeMin = timeMin;
        Beta = beta;
        ModelMeanKm = modelMeanKm;
    }

    public IReadOnlyList<Zone> Zones { get; }

    /// <summary>Per OD row, the index into <see cref="Zones"/> of the home zone.</summary>
    public int[] Home { get; }

    public int[] Work { get; }

    public int[] Commuters { get; }

    public double[] DistanceKm { get; }

    public double[] TimeMin { get; }

    /// <summary>The gravity model's deterrence, per km.</summary>
    public double Beta { get; }

    /// <summary>Mean commute distance of the balanced model (before drawing), km.</summary>
    public double ModelMeanKm { get; }

    public int Rows => Home.Length;

    /// <summary>Commuter-weighted mean of a per-row value.</summary>
    public double Mean(double[] perRow) => Enumerable.Range(0, Rows).Sum(r => (double)Commuters[r] * perRow[r]) / Commuters.Sum(c => (double)c);

    /// <summary>Share of commuters whose row satisfies <paramref name="test"/>.</summary>
    public double Share(Func<int, bool> test) =>
        Enumerable.Range(0, Rows).Where(test).Sum(r => (double)Commuters[r]) / Commuters.Sum(c => (double)c);

    /// <summary>Writes the OD table: <c>home_zone,work_zone,commuters,distance_km,time_min</c>, atomically.</summary>
    public void WriteOdCsv(string path)
    {
        string temporary = AtomicFile.TemporaryPathFor(path);
        using (var csv = CsvWriter.Create(temporary, "home_zone", "work_zone", "commuters", "distance_km", "time_min"))
        {
            for (int r = 0; r < Rows; r++)
            {
                csv.Add(Zones[Home[r]].Id).Add(Zones[Work[r]].Id).Add(Commuters[r]).Add(DistanceKm[r], 2).Add(TimeMin[r], 1).EndRow();
            }
        }

        AtomicFile.Commit(temporary, path);
    }

    /// <summary>Writes the zones as a GeoJSON FeatureCollection of WGS-84 polygons with <c>zone_id</c>, <c>name</c>, <c>district</c>.</summary>
    public void WriteZonesGeoJson(string path)
    {
        var text = new StringBuilder();
        text.Append("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int z = 0; z < Zones.Count; z++)
        {
            Zone zone = Zones[z];
            text.Append(CultureInfo.InvariantCulture,
                $"{{\"type\":\"Feature\",\"properties\":{{\"zone_id\":\"{zone.Id}\",\"name\":\"Grid {zone.Id[2..4]}-{zone.Id[4..]}\",\"district\":\"{zone.District}\"}},");
            text.Append("\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
            (double Lon, double Lat)[] ring = [(zone.West, zone.South), (zone.East, zone.South), (zone.East, zone.North), (zone.West, zone.North), (zone.West, zone.South)];
            text.AppendJoin(',', ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(p.Lon, 6)},{Math.Round(p.Lat, 6)}]")));
            text.Append("]]}}").Append(z + 1 < Zones.Count ? ",\n" : "\n");
        }

        text.Append("]}\n");
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
