using TrafficEngine.Tests.Geo;

namespace TrafficEngine.Tests.Commute;

/// <summary>The real commute datasets, used in place from ../shared/data (never copied); a missing file fails.</summary>
internal static class CommuteData
{
    public static string ShenzhenOd => NetworkTestSupport.SharedData("shenzhen_commute_od_unicom/shenzhen_commute_od.csv");

    public static string ShenzhenZones => NetworkTestSupport.SharedData("shenzhen_commute_od_unicom/shenzhen_sub_districts.geojson");

    public static string ShenzhenCentroids => NetworkTestSupport.SharedData("shenzhen_commute_od_unicom/shenzhen_sub_district_centroids.csv");

    public static string LeedsOd => NetworkTestSupport.SharedData("leeds_census2011_commute_od/leeds_centre_msoa_od_by_mode.csv");

    public static string LeedsZones => NetworkTestSupport.SharedData("leeds_census2011_commute_od/leeds_central_msoa.geojson");

    public static string LeedsShapefile => NetworkTestSupport.SharedData("leeds_census2011_commute_od/leeds_central_msoa.shp");

    public static string LeedsCentroids => NetworkTestSupport.SharedData("leeds_census2011_commute_od/leeds_central_msoa_centroids.csv");

    /// <summary>Rows of a small CSV with a header, split on commas (the reference files have no quoted commas in these columns).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            string[] fields = l.Split(',').Select(f => f.Trim('"')).ToArray();
            return header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => fields[p.i]);
        })];
    }

    public static string Temp(string name, string text)
    {
        string folder = Directory.CreateTempSubdirectory("commute-").FullName;
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
