using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.IO;
using TrafficEngine.Publishing;
using static TrafficEngine.Tests.Congestion.MainStreetNetwork;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// History (issue 10 §1): segment_speeds.arrow files the engine wrote for earlier days, read back for free flow and
/// typical speeds; the 28-day window, edges matched by id, repeated days, and hostile files.
/// </summary>
public sealed class SpeedHistoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-history-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Today, Tuesday 2008-02-05: M1 at 02:00 and 03:00, 41.3 and 45.3 km/h, five vehicles each.</summary>
    private static readonly (long, long, double, int)[] Today = [(M1, At(2, 5, 2), 41.3, 5), (M1, At(2, 5, 3), 45.3, 5)];

    [Fact]
    public void Analyze_History_LastTwentyEightDaysJoinTheFreeFlow()
    {
        // Monday: 50.3 and 54.3; 2008-01-08 02:00, exactly 28 days before today's first bin: 60.3; 2008-01-06, 30 days
        // before: 99.3 (too old); a file made on an older network: a cell of its Ghost edge and one of C1; today's own
        // output (not earlier than today: left to today's cells).
        string[] files =
        [
            Write("monday", Network, [(M1, At(2, 4, 2), 50.3, 5), (M1, At(2, 4, 3), 54.3, 5)]),
            Write("jan08", Network, [(M1, At(1, 8, 2), 60.3, 5)]),
            Write("jan06", Network, [(M1, At(1, 6, 2), 99.3, 5)]),
            Write("old_network", Old, [(Ghost, At(2, 3, 2), 30, 5), (C1, At(2, 3, 2), 30, 5)]),
            Write("today", Network, Today),
        ];
        var options = new CongestionOptions();

        CongestionResult without = CongestionAnalyzer.Analyze(Network, [Traversals(Network, Today)], options);
        CongestionResult with = CongestionAnalyzer.Analyze(Network, [Traversals(Network, Today)], options, history: files);

        // Without history M1's two values are too few at every step: the class default, 60. With it, five values held
        // in 1 km/h buckets read 41.5 45.5 50.5 54.5 60.5: p85 rank 3.4, 54.5 + 0.4 x 6 = 56.9 (with the 30-day-old
        // cell it would be 70.25). M3 has no cell in any file: its stretch pools M1's, 56.9.
        int m1 = Edge(M1), m3 = Edge(M3);
        Assert.Equal(FreeFlowSource.Network, without.Indices.EdgeFreeFlowSource[m1]);
        Assert.Equal(60f, without.Indices.EdgeFreeFlowKmh[m1]);
        Assert.Equal(FreeFlowSource.Edge, with.Indices.EdgeFreeFlowSource[m1]);
        Assert.InRange(with.Indices.EdgeFreeFlowKmh[m1], 56.89, 56.91);
        Assert.Equal(FreeFlowSource.Road, with.Indices.EdgeFreeFlowSource[m3]);
        Assert.InRange(with.Indices.EdgeFreeFlowKmh[m3], 56.89, 56.91);
        HistoryReport report = with.Report.History!;
        Assert.Equal(5, report.Files);
        Assert.Equal(8, report.CellsRead);
        Assert.Equal(4, report.CellsUsed);
        Assert.Equal(1, report.CellsTooOld);
        Assert.Equal(2, report.CellsNotEarlier);
        Assert.Equal(1, report.UnknownEdgeCells);
        Assert.Equal(1, report.UnknownEdges);
        Assert.Equal(3, report.Days);
        Assert.Equal(At(1, 8, 2), report.WindowStartMs);
        Assert.Equal(At(2, 5, 2), report.WindowEndMs);
        Assert.Null(without.Report.History);
    }

    [Fact]
    public void Analyze_SameDayInTwoFiles_CountsOnce()
    {
        string monday = Write("monday", Network, [(M1, At(2, 4, 2), 50.3, 5), (M1, At(2, 4, 3), 54.3, 5), (M1, At(2, 4, 4), 58.3, 5)]);
        foreach (string run in new[] { "run1", "run2" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, run));
            File.Copy(monday, Path.Combine(_folder, run, SpeedHistory.FileName));
        }

        // The folder holds the same day twice, in run1/ and run2/ (monday.arrow is not named segment_speeds.arrow: not
        // taken). Counted once: 41.5 45.5 50.5 54.5 58.5, p85 = 54.5 + 0.4 x 4 = 56.1 (twice: 41.5 45.5 50.5 50.5 54.5
        // 54.5 58.5 58.5, rank 5.95, 58.3).
        CongestionResult result = CongestionAnalyzer.Analyze(Network, [Traversals(Network, Today)], new CongestionOptions(), history: [_folder]);

        Assert.InRange(result.Indices.EdgeFreeFlowKmh[Edge(M1)], 56.09, 56.11);
        Assert.Equal(2, result.Report.History!.Files);
        Assert.Equal(3, result.Report.History.CellsOnRepeatedDays);
        Assert.Equal(3, result.Report.History.CellsUsed);
    }

    [Fact]
    public void Analyze_FastestHoursWithHistory_MergesTheHours()
    {
        // Today 40 and 44 at 02:00 and 03:00; Monday 50, 54 and 58 at 02:00-04:00. Five hours: the four fastest 58 54
        // 50 44 average 51.5. Without history two hours are too few everywhere: the class default, 60.
        var options = new CongestionOptions { FreeFlowMethod = FreeFlowMethod.FastestHours };
        (long, long, double, int)[] today = [(M1, At(2, 5, 2), 40, 5), (M1, At(2, 5, 3), 44, 5)];
        string monday = Write("monday", Network, [(M1, At(2, 4, 2), 50, 5), (M1, At(2, 4, 3), 54, 5), (M1, At(2, 4, 4), 58, 5)]);

        CongestionResult without = CongestionAnalyzer.Analyze(Network, [Traversals(Network, today)], options);
        CongestionResult with = CongestionAnalyzer.Analyze(Network, [Traversals(Network, today)], options, history: [monday]);

        Assert.Equal(FreeFlowSource.Network, without.Indices.EdgeFreeFlowSource[Edge(M1)]);
        Assert.Equal(FreeFlowSource.Edge, with.Indices.EdgeFreeFlowSource[Edge(M1)]);
        Assert.InRange(with.Indices.EdgeFreeFlowKmh[Edge(M1)], 51.49, 51.51);
    }

    [Fact]
    public void TypicalSpeeds_PerEdgeAndHour_WorkdaysApartNaNWhereUnknown()
    {
        // Monday 08:00 and 08:15 at 20 and 30 km/h over the same edge: space-mean 2 / (1/20 + 1/30) = 24. Monday 09:00:
        // 3 traversals, fewer than 4: unknown. Sunday 08:00 at 50.
        string monday = Write("monday", Network, [(M1, At(2, 4, 8), 20, 5), (M1, At(2, 4, 8, 15), 30, 5), (M1, At(2, 4, 9), 40, 3)]);
        string sunday = Write("sunday", Network, [(M1, At(2, 3, 8), 50, 5)]);

        TypicalSpeeds typical = TypicalSpeeds.Load(Network, [monday, sunday], At(2, 5, 0));

        int m1 = Edge(M1);
        Assert.InRange(typical.Kmh(m1, At(2, 6, 8, 40)), 23.99, 24.01); // any workday at 08:xx
        Assert.InRange(typical.Kmh(m1, At(2, 9, 8, 5)), 49.99, 50.01); // a Saturday
        Assert.True(float.IsNaN(typical.Kmh(m1, At(2, 4, 9, 30))));
        Assert.True(float.IsNaN(typical.Kmh(m1, 24 + 9)));
        Assert.True(float.IsNaN(typical.Kmh(Edge(M2), At(2, 4, 8))));
        Assert.Equal(1, typical.KnownEdges);
        Assert.Equal(4, typical.Report.CellsUsed);

        // Monday a holiday: its cells join Sunday's, 15 traversals: 3 / (1/20 + 1/30 + 1/50) = 29.03.
        var holiday = new CongestionOptions { Calendar = new BeijingCalendar([new DateOnly(2008, 2, 4)]) };
        TypicalSpeeds off = TypicalSpeeds.Load(Network, [monday, sunday], At(2, 5, 0), holiday);

        Assert.InRange(off.Kmh(m1, 24 + 8), 29.02, 29.04);
        Assert.True(float.IsNaN(off.Kmh(m1, 8)));
    }

    [Theory]
    [InlineData("float_speed", "column 'speed_kmh' is float32, not float64")]
    [InlineData("no_vehicles", "the required column 'vehicles' (int32) is missing")]
    [InlineData("negative_speed", "row 2, column 'speed_kmh': -1 is not a positive speed")]
    [InlineData("unordered", "row 2, column 'bin_start': goes back in time")]
    [InlineData("text", "not an Arrow IPC file")]
    public void Load_MalformedFile_OneLineNamingTheFileAndColumn(string kind, string expected)
    {
        string path = Path.Combine(_folder, kind + ".arrow");
        if (kind == "text")
        {
            File.WriteAllText(path, "bin_start,edge_id,speed_kmh\n2008-02-04T08:00:00+08:00,1,30\n");
        }
        else
        {
            WriteRaw(path, kind);
        }

        var error = Assert.Throws<ArrowFormatException>(() =>
            CongestionAnalyzer.Analyze(Network, [Traversals(Network, Today)], new CongestionOptions(), history: [path]));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Files_MissingPathOrEmptyFolder_UserError()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;

        var missing = Assert.Throws<UserInputException>(() => SpeedHistory.Files([Path.Combine(_folder, "nope.arrow")]));
        var none = Assert.Throws<UserInputException>(() => SpeedHistory.Files([empty]));

        Assert.Contains("nope.arrow: history file or folder not found", missing.Message, StringComparison.Ordinal);
        Assert.Contains("holds no segment_speeds.arrow", none.Message, StringComparison.Ordinal);
    }

    /// <summary>One earlier day as the engine publishes it: a congestion run on the cells, its segment_speeds.arrow.</summary>
    private string Write(string name, RoadNetwork network, IEnumerable<(long, long, double, int)> cells)
    {
        CongestionResult result = CongestionAnalyzer.Analyze(network, [Traversals(network, cells)], new CongestionOptions());
        string path = Path.Combine(_folder, name + ".arrow");
        SegmentSpeedsFile.Write(path, result);
        return path;
    }

    /// <summary>A two-row history file with one defect.</summary>
    private static void WriteRaw(string path, string kind)
    {
        long[] bins = kind == "unordered" ? [At(2, 4, 3), At(2, 4, 2)] : [At(2, 4, 2), At(2, 4, 3)];
        var fields = new List<Field>
        {
            new("bin_start", ArrowTypes.TimestampMsUtc, nullable: false),
            new("edge_id", Int64Type.Default, nullable: false),
            new("speed_kmh", kind == "float_speed" ? FloatType.Default : DoubleType.Default, nullable: false),
            new("traversals", Int32Type.Default, nullable: false),
            new("vkt", DoubleType.Default, nullable: false),
        };
        var arrays = new List<IArrowArray>
        {
            ArrowArrays.Copy<long>(ArrowTypes.TimestampMsUtc, bins),
            ArrowArrays.Copy<long>(Int64Type.Default, [M1, M1]),
            kind == "float_speed"
                ? ArrowArrays.Copy<float>(FloatType.Default, [40f, 41f])
                : ArrowArrays.Copy<double>(DoubleType.Default, kind == "negative_speed" ? [40, -1] : [40, 41]),
            ArrowArrays.Copy<int>(Int32Type.Default, [5, 5]),
            ArrowArrays.Copy<double>(DoubleType.Default, [1.5, 1.5]),
        };
        if (kind != "no_vehicles")
        {
            fields.Add(new Field("vehicles", Int32Type.Default, nullable: false));
            arrays.Add(ArrowArrays.Copy<int>(Int32Type.Default, [5, 5]));
        }

        var schema = new Schema(fields, null);
        ArrowFiles.Write(path, schema, [ArrowColumns.Batch(schema, arrays)]);
    }
}
