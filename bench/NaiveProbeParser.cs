using System.Globalization;

namespace Bench;

/// <summary>One parsed fix of the naive baseline: the per-row object the engine avoids.</summary>
public sealed record NaiveFix(int TaxiId, DateTime Time, double Lon, double Lat);

/// <summary>
/// The baseline every ingest figure is compared with: what a first version would do. ReadLine, Split,
/// int/DateTime/double.Parse into a List of objects.
/// </summary>
public static class NaiveProbeParser
{
    public static List<NaiveFix> Parse(string path)
    {
        var fixes = new List<NaiveFix>();
        using var reader = new StreamReader(path);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            string[] parts = line.Split(',');
            if (parts.Length != 4)
            {
                continue;
            }

            fixes.Add(new NaiveFix(
                int.Parse(parts[0], CultureInfo.InvariantCulture),
                DateTime.ParseExact(parts[1], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture),
                double.Parse(parts[3], CultureInfo.InvariantCulture)));
        }

        return fixes;
    }
}
