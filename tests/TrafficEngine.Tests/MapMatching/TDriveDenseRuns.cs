using System.Globalization;
using TrafficEngine.Simulation;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// The dense runs of the T-Drive development subset: taxis 9288 and 5316 report every 1-10 s for stretches of their
/// shifts (consecutive fixes at most 10 s apart, runs of at least 60 fixes). Read from the shared file with plain code
/// (no header: taxi_id, Beijing local datetime, lon, lat); failing loudly when the data is missing. Shared with the
/// bench project as a linked file.
/// </summary>
public static class TDriveDenseRuns
{
    public const string FileName = "tdrive_taxi_mod12eq0_2008-02-02_to_05.csv";

    /// <summary>The two taxis of the development subset with dense runs.</summary>
    public static readonly string[] Taxis = ["9288", "5316"];

    private static readonly Lazy<List<DenseRun>> Cached = new(() => Read(Path.Combine(DataFolder(), FileName), Taxis));

    /// <summary>The runs of <see cref="Taxis"/>, read once per process, in taxi then time order.</summary>
    public static IReadOnlyList<DenseRun> Runs => Cached.Value;

    public static string DataFolder()
    {
        string data = Path.GetFullPath(Path.Combine(BeijingEdgeCsv.Folder(), "..", "tdrive_beijing_taxi"));
        return File.Exists(Path.Combine(data, FileName))
            ? data
            : throw new FileNotFoundException($"The T-Drive development subset is missing at {data}; it must not be skipped.");
    }

    /// <summary>Every dense run of the given taxis in a T-Drive file; a bad row of theirs throws naming file, line and field.</summary>
    public static List<DenseRun> Read(string path, IReadOnlyList<string> taxis)
    {
        var fixes = taxis.ToDictionary(t => t, _ => new List<(long TimeMs, double Lon, double Lat)>(), StringComparer.Ordinal);
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            int comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !fixes.TryGetValue(text[..comma], out List<(long, double, double)>? list))
            {
                continue;
            }

            string[] fields = text.Split(',');
            if (fields.Length != 4)
            {
                throw new InvalidDataException($"{path}:{line}: expected 4 fields (taxi_id,datetime,lon,lat), found {fields.Length}");
            }

            if (!DateTime.TryParseExact(fields[1], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
            {
                throw new InvalidDataException($"{path}:{line}: field datetime: '{fields[1]}' is not yyyy-MM-dd HH:mm:ss");
            }

            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double lon))
            {
                throw new InvalidDataException($"{path}:{line}: field lon: '{fields[2]}' is not a number");
            }

            if (!double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double lat))
            {
                throw new InvalidDataException($"{path}:{line}: field lat: '{fields[3]}' is not a number");
            }

            // Beijing local time (UTC+08:00, no daylight saving) to UTC epoch milliseconds.
            list.Add((new DateTimeOffset(local, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds(), lon, lat));
        }

        var runs = new List<DenseRun>();
        foreach (string taxi in taxis)
        {
            List<(long TimeMs, double Lon, double Lat)> rows = fixes[taxi];
            runs.AddRange(DenseRun.Split(taxi, [.. rows.Select(r => r.Lon)], [.. rows.Select(r => r.Lat)], [.. rows.Select(r => r.TimeMs)]));
        }

        return runs;
    }
}
