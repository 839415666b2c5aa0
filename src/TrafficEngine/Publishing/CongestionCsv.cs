using System.Globalization;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Publishing;

/// <summary>The published CSV tables of a congestion run. Times are Beijing local with an explicit +08:00 offset.</summary>
public static class CongestionCsv
{
    /// <summary>city_index.csv: one row per bin.</summary>
    public static CsvTable CityIndex(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvTable("bin_start", "tpi", "level", "tti", "samples", "level_zh", "speed_kmh", "congested_share", "congested_ratio", "vkt", "segments", "coverage", "vehicles",
            "tpi_low", "tpi_high", "tti_low", "tti_high");
        GroupIndexTable city = result.City;
        for (int i = 0; i < city.Count; i++)
        {
            csv.Add(BeijingCalendar.FormatLocal(city.BinStartMs[i])).Add(city.Tpi[i], 2).Add(city.LevelCode(i))
                .Add(city.Tti[i], 3).Add(city.Traversals[i]).Add(city.IsInsufficient(i) ? "数据不足" : CongestionLevels.Chinese(city.Levels[i])).Add(city.SpeedKmh[i], 1)
                .Add(city.CongestedShare[i], 4).Add(city.CongestedRatio[i], 4).Add(city.Vkt[i], 2).Add(city.Segments[i]).Add(city.Coverage[i], 4);
            AddSpread(csv, city, i);
            csv.EndRow();
        }

        return csv;
    }

    /// <summary>area_index.csv: areas then corridors, one row per (area or corridor, bin).</summary>
    public static CsvTable AreaIndex(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvTable("kind", "name", "bin_start", "tpi", "level", "tti", "speed_kmh", "congested_share", "samples", "segments", "coverage",
            "vehicles", "tpi_low", "tpi_high", "tti_low", "tti_high");
        AddGroups(csv, "area", result.AreaIndex, result.Areas?.Names);
        AddGroups(csv, "corridor", result.CorridorIndex, result.Corridors?.Names);
        return csv;
    }

    /// <summary>reliability.csv: segments then corridors, one row per unit and period.</summary>
    public static CsvTable Reliability(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvTable("kind", "id", "name", "road_class", "period", "days", "samples", "free_flow_s", "mean_s", "p50_s",
            "p80_s", "p95_s", "pti", "buffer_index", "lottr", "reliable", "congested_hours_per_day");
        RoadNetwork network = result.Network;
        foreach (ReliabilityTable.Row row in result.SegmentReliability.Rows)
        {
            csv.Add("segment").Add(network.EdgeIds[row.Unit]).Add(network.NameOf(row.Unit)).Add(RoadClasses.Name(network.Classes[row.Unit]));
            AddReliability(csv, row);
        }

        if (result.CorridorReliability is { } corridors)
        {
            foreach (ReliabilityTable.Row row in corridors.Rows)
            {
                csv.Add("corridor").Add(row.Unit).Add(result.Corridors!.Names[row.Unit]).Add((string?)null);
                AddReliability(csv, row);
            }
        }

        return csv;
    }

    /// <summary>recurrent_congestion.csv: segments congested in the same bin of the day on most workdays.</summary>
    public static CsvTable Recurrent(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvTable("edge_id", "name", "road_class", "bin_of_day", "congested_workdays", "workdays");
        RoadNetwork network = result.Network;
        long binMinutes = result.Options.BinMinutes;
        foreach ((int edge, int binOfDay, int days) in result.Recurrent)
        {
            long minutes = binOfDay * binMinutes;
            csv.Add(network.EdgeIds[edge]).Add(network.NameOf(edge)).Add(RoadClasses.Name(network.Classes[edge]))
                .Add(string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}")).Add(days).Add(result.Workdays);
            csv.EndRow();
        }

        return csv;
    }

    private static void AddGroups(CsvTable csv, string kind, GroupIndexTable? table, IReadOnlyList<string>? names)
    {
        if (table is null || names is null)
        {
            return;
        }

        for (int i = 0; i < table.Count; i++)
        {
            csv.Add(kind).Add(names[table.Groups[i]]).Add(BeijingCalendar.FormatLocal(table.BinStartMs[i])).Add(table.Tpi[i], 2)
                .Add(table.LevelCode(i)).Add(table.Tti[i], 3).Add(table.SpeedKmh[i], 1)
                .Add(table.CongestedShare[i], 4).Add(table.Traversals[i]).Add(table.Segments[i]).Add(table.Coverage[i], 4);
            AddSpread(csv, table, i);
            csv.EndRow();
        }
    }

    /// <summary>vehicles (empty where not counted), then the intervals (empty for a bin without a TPI).</summary>
    private static void AddSpread(CsvTable csv, GroupIndexTable table, int i)
    {
        if (table.Vehicles[i] >= 0)
        {
            csv.Add(table.Vehicles[i]);
        }
        else
        {
            csv.Add((string?)null);
        }

        csv.Add(table.TpiLow[i], 2).Add(table.TpiHigh[i], 2).Add(table.TtiLow[i], 3).Add(table.TtiHigh[i], 3);
    }

    private static void AddReliability(CsvTable csv, ReliabilityTable.Row row)
    {
        csv.Add(ReliabilityPeriods.Code(row.Period)).Add(row.Days).Add(row.Samples).Add(row.FreeFlowSeconds, 1).Add(row.MeanSeconds, 1)
            .Add(row.P50Seconds, 1).Add(row.P80Seconds, 1).Add(row.P95Seconds, 1).Add(row.PlanningTimeIndex, 3).Add(row.BufferIndex, 3)
            .Add(row.Lottr, 3).Add(row.Reliable).Add(row.CongestedHoursPerDay, 2);
        csv.EndRow();
    }
}
