using System.Globalization;
using TrafficEngine.IO;

namespace TrafficEngine.Commute;

/// <summary>
/// Reads an OD CSV (.csv or .csv.gz) into an <see cref="OdTable"/>, quarantining bad rows with reason codes
/// (<see cref="OdReasons"/>): a row with an unknown zone or a negative or non-numeric count is dropped; a fractional
/// count is kept and flagged; a repeated (home, work, mode) is summed and flagged; rows of one pair in several modes
/// are merged silently (the pair's cell sums its modes). A missing required column fails naming the file and header.
/// </summary>
public static class OdTableReader
{
    /// <summary>
    /// Reads <paramref name="path"/>. With <paramref name="zones"/> the ids must be among them (else unknown_zone);
    /// without, the zones are the ids met, in order of first appearance, and have no geometry.
    /// </summary>
    public static OdTable Read(string path, OdColumns columns, CommuteZones? zones, OdQuarantine quarantine)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(quarantine);
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: OD table not found.", path);
        }

        using var csv = new CsvReader(path);
        int home = csv.Require("home zone", columns.Home.ToLowerInvariant());
        int work = csv.Require("work zone", columns.Work.ToLowerInvariant());
        int count = csv.Require("count", columns.Count.ToLowerInvariant());
        int distance = Optional(csv, "distance", columns.Distance, OdColumns.DefaultDistance);
        int time = Optional(csv, "time", columns.Time, OdColumns.DefaultTime);
        int mode = Optional(csv, "mode", columns.Mode, OdColumns.DefaultMode);

        var ids = new List<string>();
        var idIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new Dictionary<(int, int), int>();
        var modesSeen = new HashSet<(int, string)>();
        var cellHome = new List<int>();
        var cellWork = new List<int>();
        var sum = new List<double>();
        var distanceWeight = new List<double>();
        var distanceSum = new List<double>();
        var timeWeight = new List<double>();
        var timeSum = new List<double>();
        var lines = new List<long>();
        while (csv.Next())
        {
            string? homeId = csv.Text(home), workId = csv.Text(work);
            int h = Zone(homeId), w = Zone(workId);
            if (h < 0 || w < 0)
            {
                int bad = h < 0 ? home : work;
                Quarantine(csv, bad, OdReasons.UnknownZone, $"zone \"{(h < 0 ? homeId : workId)}\" is not among the zones", false);
                continue;
            }

            if (!csv.TryDouble(count, out double n) || !double.IsFinite(n))
            {
                Quarantine(csv, count, OdReasons.NonNumericCount, $"count \"{csv.Text(count)}\" is not a number", false);
                continue;
            }

            if (n < 0)
            {
                Quarantine(csv, count, OdReasons.NegativeCount, $"count {n.ToString(CultureInfo.InvariantCulture)} is negative", false);
                continue;
            }

            if (n != Math.Floor(n))
            {
                Quarantine(csv, count, OdReasons.NonIntegerCount, $"count {n.ToString(CultureInfo.InvariantCulture)} is not a whole number (kept)", true);
            }

            double d = Cost(csv, distance), t = Cost(csv, time);
            if (!cells.TryGetValue((h, w), out int cell))
            {
                cell = cells[(h, w)] = cellHome.Count;
                cellHome.Add(h);
                cellWork.Add(w);
                sum.Add(0);
                distanceWeight.Add(0);
                distanceSum.Add(0);
                timeWeight.Add(0);
                timeSum.Add(0);
                lines.Add(csv.Line);
            }

            string modeName = csv.Text(mode) ?? "";
            if (!modesSeen.Add((cell, modeName)))
            {
                Quarantine(csv, home, OdReasons.DuplicatePair, $"pair {homeId} -> {workId}{(modeName.Length > 0 ? $" ({modeName})" : "")} again, first on line {lines[cell]} (summed)", true);
            }

            sum[cell] += n;
            if (double.IsFinite(d))
            {
                distanceWeight[cell] += n;
                distanceSum[cell] += n * d;
            }

            if (double.IsFinite(t))
            {
                timeWeight[cell] += n;
                timeSum[cell] += n * t;
            }
        }

        CommuteZones table = zones ?? CommuteZones.FromIds(ids);
        int cellCount = cellHome.Count;
        var distanceKm = new double[cellCount];
        var timeMin = new double[cellCount];
        for (int c = 0; c < cellCount; c++)
        {
            distanceKm[c] = Mean(distanceSum[c], distanceWeight[c]);
            timeMin[c] = Mean(timeSum[c], timeWeight[c]);
        }

        return new OdTable(table, [.. cellHome], [.. cellWork], [.. sum], distanceKm, timeMin, [.. lines], path);

        int Zone(string? id)
        {
            if (id is null)
            {
                return -1;
            }

            if (zones is not null)
            {
                return zones.IndexOf(id);
            }

            if (!idIndex.TryGetValue(id, out int z))
            {
                z = idIndex[id] = ids.Count;
                ids.Add(id);
            }

            return z;
        }

        double Cost(CsvReader reader, int column)
        {
            if (column < 0 || reader.Bytes(column).IsEmpty)
            {
                return double.NaN;
            }

            if (reader.TryDouble(column, out double value) && double.IsFinite(value) && value >= 0)
            {
                return value;
            }

            Quarantine(reader, column, OdReasons.BadCost, $"\"{reader.Text(column)}\" is not a non-negative number (read as missing)", true);
            return double.NaN;
        }

        void Quarantine(CsvReader reader, int column, string reason, string detail, bool kept) =>
            quarantine.Add(new OdQuarantineEntry(path, reader.Line, reader.NameOf(column), reason, detail, kept));
    }

    private static int Optional(CsvReader csv, string what, string? named, string fallback) =>
        named is null ? csv.Find(fallback) : csv.Require(what, named.ToLowerInvariant());

    /// <summary>The count-weighted mean of the rows that had a value (NaN when none, or when they had no commuters).</summary>
    private static double Mean(double weightedSum, double weight) => weight > 0 ? weightedSum / weight : double.NaN;
}
