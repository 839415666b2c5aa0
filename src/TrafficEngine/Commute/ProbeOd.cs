using Apache.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Commute;

/// <summary>Settings of <see cref="ProbeOdBuilder"/>.</summary>
public sealed class ProbeOdOptions
{
    /// <summary>A gap between fixes longer than this (seconds) leaves the occupancy between them unknown (default 600).</summary>
    public double MaxGapSeconds { get; set; } = 600;

    /// <summary>Occupied runs shorter than this (seconds) are not trips (default 60).</summary>
    public double MinTripSeconds { get; set; } = 60;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGapSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(MinTripSeconds);
    }
}

/// <summary>What <see cref="ProbeOdBuilder"/> counted.</summary>
public sealed record ProbeOdReport(int Vehicles, int Trips, int TruncatedRuns, int BrokenRuns, int ShortRuns, int OutsideZones);

/// <summary>
/// Taxi trips as OD: the zone pairs (all hours) as an <see cref="OdTable"/> whose cells count trips, with the mean
/// path length (km along the fixes) and duration (min); and the same per pick-up hour (Beijing local, 0-23) as
/// parallel arrays.
/// </summary>
public sealed record ProbeOd(OdTable Table, int[] HourHome, int[] HourWork, int[] Hour, double[] HourTrips, ProbeOdReport Report);

/// <summary>
/// OD from probes that carry an occupied flag: a trip is a run of occupied fixes of one vehicle with a vacant fix
/// just before and just after it (each within the gap limit), from its first occupied fix (pick-up) to its last
/// (drop-off). A run at the edge of a vehicle's data, or ended on either side by an unknown flag (which splits it)
/// or by a long gap, is truncated; a run with a long gap between its occupied fixes is broken; both are counted and
/// left out, as are runs shorter than the minimum and trips with an end outside every zone. Coordinates are
/// probes.arrow's WGS-84.
/// </summary>
public static class ProbeOdBuilder
{
    public static ProbeOd Build(IEnumerable<RecordBatch> probes, CommuteZones zones, ProbeOdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(zones);
        options ??= new ProbeOdOptions();
        options.Validate();
        var locator = new ZoneLocator(zones);
        long maxGapMs = (long)(options.MaxGapSeconds * 1000);
        var cells = new Dictionary<(int, int), int>();
        var hourCells = new Dictionary<(int, int, int), double>();
        var home = new List<int>();
        var work = new List<int>();
        var trips = new List<double>();
        var km = new List<double>();
        var minutes = new List<double>();
        int vehicles = 0, tripCount = 0, truncated = 0, broken = 0, shortRuns = 0, outside = 0;
        foreach (ProbeTable table in ProbeTable.Partitions(probes, 1 << 20))
        {
            for (int v = 0; v < table.VehicleCount; v++)
            {
                vehicles++;
                int first = table.VehicleStart[v], end = table.VehicleStart[v + 1];
                for (int s = first; s < end; s++)
                {
                    if (table.Occupied[s] != 1 || (s > first && table.Occupied[s - 1] == 1))
                    {
                        continue;
                    }

                    int e = s;
                    bool inside = true;
                    while (e + 1 < end && table.Occupied[e + 1] == 1)
                    {
                        inside &= table.TimestampMs[e + 1] - table.TimestampMs[e] <= maxGapMs;
                        e++;
                    }

                    bool opened = s > first && table.Occupied[s - 1] == 0 && table.TimestampMs[s] - table.TimestampMs[s - 1] <= maxGapMs;
                    bool closed = e + 1 < end && table.Occupied[e + 1] == 0 && table.TimestampMs[e + 1] - table.TimestampMs[e] <= maxGapMs;
                    if (!inside)
                    {
                        broken++;
                        continue;
                    }

                    if (!opened || !closed)
                    {
                        truncated++;
                        continue;
                    }

                    double seconds = (table.TimestampMs[e] - table.TimestampMs[s]) / 1000.0;
                    if (e == s || seconds < options.MinTripSeconds)
                    {
                        shortRuns++;
                        continue;
                    }

                    int from = locator.Locate(table.Lon[s], table.Lat[s]), to = locator.Locate(table.Lon[e], table.Lat[e]);
                    if (from < 0 || to < 0)
                    {
                        outside++;
                        continue;
                    }

                    double metres = 0;
                    for (int i = s; i < e; i++)
                    {
                        metres += GreatCircle.DistanceMetres(table.Lon[i], table.Lat[i], table.Lon[i + 1], table.Lat[i + 1]);
                    }

                    if (!cells.TryGetValue((from, to), out int cell))
                    {
                        cell = cells[(from, to)] = home.Count;
                        home.Add(from);
                        work.Add(to);
                        trips.Add(0);
                        km.Add(0);
                        minutes.Add(0);
                    }

                    trips[cell]++;
                    km[cell] += metres / 1000;
                    minutes[cell] += seconds / 60;
                    int hour = (int)(((table.TimestampMs[s] / 3_600_000) + 8) % 24);
                    hourCells[(from, to, hour)] = hourCells.GetValueOrDefault((from, to, hour)) + 1;
                    tripCount++;
                }
            }
        }

        int n = home.Count;
        var od = new OdTable(zones, [.. home], [.. work], [.. trips],
            [.. Enumerable.Range(0, n).Select(c => km[c] / trips[c])], [.. Enumerable.Range(0, n).Select(c => minutes[c] / trips[c])], new long[n], "probes");
        var ordered = hourCells.OrderBy(p => p.Key.Item3).ThenBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).ToArray();
        return new ProbeOd(od, [.. ordered.Select(p => p.Key.Item1)], [.. ordered.Select(p => p.Key.Item2)], [.. ordered.Select(p => p.Key.Item3)],
            [.. ordered.Select(p => p.Value)], new ProbeOdReport(vehicles, tripCount, truncated, broken, shortRuns, outside));
    }
}
