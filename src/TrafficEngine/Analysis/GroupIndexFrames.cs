using Microsoft.Data.Analysis;
using TrafficEngine.Congestion;

namespace TrafficEngine.Analysis;

/// <summary>
/// The small congestion result tables (<see cref="GroupIndexTable"/> for the city, areas and corridors here,
/// <see cref="ReliabilityTable"/> in <see cref="ReliabilityFrames"/>) to and from <see cref="DataFrame"/>s, without loss: the table's columns as int32 and
/// double columns, levels and periods as their published code strings (<see cref="CongestionLevels.Code"/>,
/// <see cref="ReliabilityPeriods.Code"/>), bin_start as a UTC <see cref="DateTime"/>. Column names are those of the
/// published CSV tables (traversals are "samples"). NaN stays NaN; the tables cannot hold a null, so reading a frame
/// with a null (or a missing column, a wrong type, an unknown code, a non-UTC or sub-millisecond time) fails naming the
/// column and row. Lives in Analysis so that Congestion does not import upwards; the C# 14 extension members make them
/// read as <c>table.ToDataFrame()</c> and <c>GroupIndexTable.FromDataFrame(frame)</c>.
/// </summary>
public static class GroupIndexFrames
{
    extension(GroupIndexTable table)
    {
        /// <summary>
        /// One row per (group, bin): group (int32), then with <paramref name="names"/> (an area's or corridor's names,
        /// indexed by group: <see cref="Geo.AreaPolygons.Names"/>, <see cref="Corridors.Names"/>) a name column,
        /// bin_start, tpi, level, tti, speed_kmh, congested_share, congested_ratio, vkt, samples, segments, coverage,
        /// vehicles, tpi_low, tpi_high, tti_low, tti_high.
        /// </summary>
        public DataFrame ToDataFrame(IReadOnlyList<string>? names = null)
        {
            ArgumentNullException.ThrowIfNull(table);
            var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("group", table.Groups) };
            if (names is not null)
            {
                columns.Add(new StringDataFrameColumn("name", table.Groups.Select(g => names[g])));
            }

            columns.Add(new DateTimeDataFrameColumn("bin_start", table.BinStartMs.Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime)));
            columns.Add(new DoubleDataFrameColumn("tpi", table.Tpi));
            columns.Add(new StringDataFrameColumn("level", Enumerable.Range(0, table.Count).Select(table.LevelCode)));
            columns.Add(new DoubleDataFrameColumn("tti", table.Tti));
            columns.Add(new DoubleDataFrameColumn("speed_kmh", table.SpeedKmh));
            columns.Add(new DoubleDataFrameColumn("congested_share", table.CongestedShare));
            columns.Add(new DoubleDataFrameColumn("congested_ratio", table.CongestedRatio));
            columns.Add(new DoubleDataFrameColumn("vkt", table.Vkt));
            columns.Add(new Int32DataFrameColumn("samples", table.Traversals));
            columns.Add(new Int32DataFrameColumn("segments", table.Segments));
            columns.Add(new DoubleDataFrameColumn("coverage", table.Coverage));
            columns.Add(new Int32DataFrameColumn("vehicles", table.Vehicles));
            columns.Add(new DoubleDataFrameColumn("tpi_low", table.TpiLow));
            columns.Add(new DoubleDataFrameColumn("tpi_high", table.TpiHigh));
            columns.Add(new DoubleDataFrameColumn("tti_low", table.TtiLow));
            columns.Add(new DoubleDataFrameColumn("tti_high", table.TtiHigh));
            return new DataFrame(columns);
        }

        /// <summary>
        /// The table a frame of <see cref="ToDataFrame(GroupIndexTable, IReadOnlyList{string}?)"/>'s columns holds; a
        /// name column is ignored. Frames written before the coverage, vehicles and interval columns existed read with
        /// those unknown (NaN, vehicles -1).
        /// </summary>
        public static GroupIndexTable FromDataFrame(DataFrame frame)
        {
            ArgumentNullException.ThrowIfNull(frame);
            return new GroupIndexTable(FrameValues.Values<int>(frame, "group"), FrameValues.BinStarts(frame), FrameValues.Values<double>(frame, "tpi"),
                FrameValues.Codes(frame, "level", CongestionLevels.Count + 1,
                    i => i < CongestionLevels.Count ? CongestionLevels.Code((CongestionLevel)i) : GroupIndexTable.InsufficientData,
                    i => i < CongestionLevels.Count ? (CongestionLevel)i : CongestionLevel.FreeFlow),
                FrameValues.Values<double>(frame, "tti"), FrameValues.Values<double>(frame, "speed_kmh"), FrameValues.Values<double>(frame, "congested_share"),
                FrameValues.Values<double>(frame, "congested_ratio"), FrameValues.Values<double>(frame, "vkt"), FrameValues.Values<int>(frame, "samples"), FrameValues.Values<int>(frame, "segments"),
                Optional<double>(frame, "coverage"), Optional<int>(frame, "vehicles"), Optional<double>(frame, "tpi_low"),
                Optional<double>(frame, "tpi_high"), Optional<double>(frame, "tti_low"), Optional<double>(frame, "tti_high"));
        }
    }

    private static T[]? Optional<T>(DataFrame frame, string column)
        where T : unmanaged => frame.Columns.IndexOf(column) >= 0 ? FrameValues.Values<T>(frame, column) : null;
}
