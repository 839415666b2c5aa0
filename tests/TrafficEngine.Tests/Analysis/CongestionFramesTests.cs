using Apache.Arrow;
using Microsoft.Data.Analysis;
using TrafficEngine.Analysis;
using TrafficEngine.Congestion;

namespace TrafficEngine.Tests.Analysis;

public sealed class CongestionFramesTests
{
    private static readonly long Monday8 = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    public static TheoryData<int> Sizes => [0, 1, 7];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void GroupIndex_ToDataFrameAndBack_KeepsEveryArrayAndNaN(int rows)
    {
        GroupIndexTable table = GroupTable(rows);

        DataFrame frame = table.ToDataFrame();
        GroupIndexTable back = GroupIndexTable.FromDataFrame(frame);

        Assert.Equal(rows, frame.Rows.Count);
        AssertSame(table, back);
    }

    [Fact]
    public void GroupIndex_InsufficientBin_IsInsufficientDataInTheFrameAndBack()
    {
        GroupIndexTable table = GroupTable(3);
        table.Tpi[1] = double.NaN; // a bin below the minimum coverage

        DataFrame frame = table.ToDataFrame();
        GroupIndexTable back = GroupIndexTable.FromDataFrame(frame);

        Assert.Equal(GroupIndexTable.InsufficientData, frame["level"][1]);
        Assert.Equal("free_flow", frame["level"][0]);
        Assert.True(back.IsInsufficient(1));
        Assert.False(back.IsInsufficient(0));
        Assert.Equal(GroupIndexTable.InsufficientData, back.LevelCode(1));
    }

    [Fact]
    public void GroupIndex_ToDataFrame_TypedColumnsWithCodesUtcTimesAndNames()
    {
        GroupIndexTable table = GroupTable(7);
        string[] names = ["Dongcheng", "Xicheng", "Chaoyang"];

        DataFrame frame = table.ToDataFrame(names);

        Assert.Equal(["group", "name", "bin_start", "tpi", "level", "tti", "speed_kmh", "congested_share", "congested_ratio", "vkt", "samples", "segments", "coverage",
            "vehicles", "tpi_low", "tpi_high", "tti_low", "tti_high"],
            frame.Columns.Select(c => c.Name));
        var bin = Assert.IsType<DateTimeDataFrameColumn>(frame["bin_start"]);
        Assert.Equal(new DateTime(2008, 2, 4, 0, 0, 0, DateTimeKind.Utc), bin[0]);
        Assert.Equal(DateTimeKind.Utc, bin[0]!.Value.Kind);
        var level = Assert.IsType<StringDataFrameColumn>(frame["level"]);
        Assert.Equal("free_flow", level[0]);
        Assert.Equal("severe", level[4]);
        Assert.Equal("Chaoyang", frame["name"][2]);
        Assert.IsType<Int32DataFrameColumn>(frame["samples"]);
        Assert.True(double.IsNaN((double)frame["tti"][1]!));
        Assert.Equal(0, frame["tti"].NullCount);
        AssertSame(table, GroupIndexTable.FromDataFrame(frame));
    }

    [Fact]
    public void GroupIndex_ThroughAnArrowFile_KeepsEveryArray()
    {
        GroupIndexTable table = GroupTable(7);
        using RecordBatch batch = ArrowFrames.ToRecordBatch(table.ToDataFrame(["a", "b", "c"]));
        using var stream = new MemoryStream();
        using (var writer = new Apache.Arrow.Ipc.ArrowFileWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        stream.Position = 0;
        GroupIndexTable back = GroupIndexTable.FromDataFrame(ResultFrames.Open(stream));

        AssertSame(table, back);
    }

    [Fact]
    public void GroupIndex_FromDataFrameWithNullDouble_FailsNamingColumnAndRow()
    {
        DataFrame frame = GroupTable(3).ToDataFrame();
        frame["vkt"][1] = null;

        var error = Assert.Throws<ArgumentException>(() => GroupIndexTable.FromDataFrame(frame));

        Assert.Contains("\"vkt\", row 1: null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jammed")]
    [InlineData(null)]
    public void GroupIndex_FromDataFrameWithUnknownLevel_Fails(string? code)
    {
        DataFrame frame = GroupTable(3).ToDataFrame();
        frame["level"][2] = code;

        var error = Assert.Throws<ArgumentException>(() => GroupIndexTable.FromDataFrame(frame));

        Assert.Contains("\"level\", row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupIndex_FromDataFrameWithLocalTime_Fails()
    {
        DataFrame frame = GroupTable(2).ToDataFrame();
        frame["bin_start"][0] = new DateTime(2008, 2, 4, 8, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => GroupIndexTable.FromDataFrame(frame));
    }

    [Fact]
    public void GroupIndex_FromDataFrameWithoutAColumn_Fails()
    {
        DataFrame frame = GroupTable(2).ToDataFrame();
        frame.Columns.Remove("segments");

        var error = Assert.Throws<ArgumentException>(() => GroupIndexTable.FromDataFrame(frame));

        Assert.Contains("no column \"segments\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Reliability_ToDataFrameAndBack_KeepsEveryValueAndNaN(int rows)
    {
        ReliabilityTable table = ReliabilityRows(rows);

        DataFrame frame = table.ToDataFrame();
        ReliabilityTable back = ReliabilityTable.FromDataFrame(frame);

        Assert.Equal(rows, frame.Rows.Count);
        Assert.Equal(table.Count, back.Count);
        for (int i = 0; i < rows; i++)
        {
            ReliabilityTable.Row a = table.Rows[i], b = back.Rows[i];
            Assert.Equal(a, b); // record equality: double.Equals treats NaN as equal to NaN
            Assert.Equal(double.IsNaN(a.P95Seconds), double.IsNaN(b.P95Seconds));
        }
    }

    [Fact]
    public void Reliability_ToDataFrame_PeriodCodesAndDerivedColumns()
    {
        ReliabilityTable table = ReliabilityRows(7);

        DataFrame frame = table.ToDataFrame();

        Assert.Equal(["workday_06_10", "workday_10_16", "workday_16_20", "weekend_06_20", "all_day", "workday_06_10", "workday_10_16"],
            Enumerable.Range(0, 7).Select(i => (string)frame["period"][i]!));
        Assert.Equal(table.Rows[0].PlanningTimeIndex, (double)frame["pti"][0]!);
        Assert.Equal(table.Rows[0].Lottr, (double)frame["lottr"][0]!);
        Assert.Equal(table.Rows[0].Reliable, (bool)frame["reliable"][0]!);
        Assert.True(double.IsNaN((double)frame["p95_s"][3]!));
    }

    [Fact]
    public void Reliability_FromDataFrameWithNullAndUnknownPeriod_Fails()
    {
        DataFrame nulls = ReliabilityRows(3).ToDataFrame();
        nulls["days"][0] = null;
        DataFrame unknown = ReliabilityRows(3).ToDataFrame();
        unknown["period"][1] = "night";

        Assert.Contains("\"days\", row 0: null", Assert.Throws<ArgumentException>(() => ReliabilityTable.FromDataFrame(nulls)).Message, StringComparison.Ordinal);
        Assert.Contains("\"night\"", Assert.Throws<ArgumentException>(() => ReliabilityTable.FromDataFrame(unknown)).Message, StringComparison.Ordinal);
    }

    private static GroupIndexTable GroupTable(int rows)
    {
        int[] Ints(Func<int, int> f) => [.. Enumerable.Range(0, rows).Select(f)];
        double[] Doubles(Func<int, double> f) => [.. Enumerable.Range(0, rows).Select(f)];
        return new GroupIndexTable(Ints(i => i % 3), [.. Enumerable.Range(0, rows).Select(i => Monday8 + (i * 900_000L))],
            Doubles(i => i * 1.25), [.. Enumerable.Range(0, rows).Select(i => (CongestionLevel)(i % 5))],
            Doubles(i => i == 1 ? double.NaN : 1 + (i / 10.0)), Doubles(i => i == 2 ? double.PositiveInfinity : 30.5 - i),
            Doubles(i => i / 7.0), Doubles(i => i == 3 ? double.NaN : i / 9.0), Doubles(i => i == 4 ? -0.0 : i * 1e-3),
            Ints(i => i * 11), Ints(i => i == 5 ? int.MaxValue : i), Doubles(i => i == 6 ? double.NaN : i / 20.0),
            Ints(i => i == 2 ? -1 : i * 3), Doubles(i => i == 1 ? double.NaN : (i * 1.25) - 0.5), Doubles(i => i == 1 ? double.NaN : (i * 1.25) + 0.75),
            Doubles(i => 1 + (i / 12.0)), Doubles(i => i == 3 ? double.NaN : 1.5 + (i / 10.0)));
    }

    private static ReliabilityTable ReliabilityRows(int rows)
    {
        var table = new ReliabilityTable();
        for (int i = 0; i < rows; i++)
        {
            table.Add(new ReliabilityTable.Row(i * 3, (ReliabilityPeriod)(i % 5), i, i * 4, 60 + i, 70 + i, 68 + i, 80 + i,
                i == 3 ? double.NaN : 95 + i, i == 4 ? double.NegativeInfinity : i / 4.0));
        }

        return table;
    }

    private static void AssertSame(GroupIndexTable expected, GroupIndexTable actual)
    {
        Assert.Equal(expected.Groups, actual.Groups);
        Assert.Equal(expected.BinStartMs, actual.BinStartMs);
        Assert.Equal(expected.Levels, actual.Levels);
        Assert.Equal(expected.Traversals, actual.Traversals);
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(expected.Vehicles, actual.Vehicles);
        double[][] a = [expected.Tpi, expected.Tti, expected.SpeedKmh, expected.CongestedShare, expected.CongestedRatio, expected.Vkt, expected.Coverage,
            expected.TpiLow, expected.TpiHigh, expected.TtiLow, expected.TtiHigh];
        double[][] b = [actual.Tpi, actual.Tti, actual.SpeedKmh, actual.CongestedShare, actual.CongestedRatio, actual.Vkt, actual.Coverage,
            actual.TpiLow, actual.TpiHigh, actual.TtiLow, actual.TtiHigh];
        for (int c = 0; c < a.Length; c++)
        {
            // Bit patterns: NaN must come back as NaN (not a null, not 0) and -0.0 as -0.0.
            Assert.Equal(a[c].Select(BitConverter.DoubleToInt64Bits), b[c].Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
