using TrafficEngine.IO;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class ProbeIngestCsvTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Run_ColumnsInAnyOrderWithOptionalAndUnknown_ParsesEveryTimestampForm()
    {
        string path = _files.Write("probes.csv",
            "lat,colour,timestamp,occupied,vehicle_id,lon,speed_kmh,heading_deg\r\n" +
            "39.9,red,2008-02-02T13:30:50.123+08:00,true,\"A,1\",116.3,12.5,90\r\n" +
            "39.9001,blue,1201930310,0,\"A,1\",116.3001,,\r\n" +
            "39.9002,,1201930370456,1,\"A,1\",116.3002,3,180\r\n" +
            "39.9003,,2008-02-02T05:33:50Z,,\"A,1\",116.3003,4,\r\n");
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.Csv, path);

        IngestRun run = IngestTestSupport.Run(options);

        Assert.Equal(4, run.Report.RowsKept);
        Assert.Equal(["vehicle_id", "timestamp", "lon", "lat", "speed_kmh", "heading_deg", "occupied"], run.Sink.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal([1201930250123L, 1201930310000L, 1201930370456L, 1201930430000L], run.Column("timestamp").Cast<long>());
        Assert.Equal([116.3, 116.3001, 116.3002, 116.3003], run.Column("lon").Cast<double>());
        Assert.Equal(new object?[] { 12.5f, null, 3f, 4f }, run.Column("speed_kmh"));
        Assert.Equal(new object?[] { 90f, null, 180f, null }, run.Column("heading_deg"));
        Assert.Equal(new object?[] { true, false, true, null }, run.Column("occupied"));
        Assert.All(run.Column("vehicle_id"), v => Assert.Equal(new Pseudonymizer(IngestTestSupport.Key).Pseudonymize("A,1"), v));
        Assert.Single(run.Report.Warnings);
        Assert.Contains("'colour'", run.Report.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadCsvRows_QuarantinedWithFieldNames()
    {
        string path = _files.Write("probes.csv",
            "vehicle_id,timestamp,lon,lat,occupied\n" +
            "a,2008-02-02T13:30:50+08:00,116.3,39.9,maybe\n" +      // 2 unparsable occupied
            "a,2008-02-02T13:30:50+8,116.3,39.9,1\n" +              // 3 unparsable timestamp (offset without minutes)
            "a,2008-02-02T13:30:50Z,116.3,39.9\n" +                 // 4 wrong_field_count
            ",2008-02-02T13:30:50Z,116.3,39.9,1\n" +                // 5 missing vehicle_id
            "\"a\"x,2008-02-02T13:30:50Z,116.3,39.9,1\n" +          // 6 malformed quote
            "a,2008-02-02T13:30:50Z,116.3,NaN,1\n" +                // 7 bad_coordinate lat
            "\"a\",2008-02-02T13:30:50Z,\"116.3\",39.9,\n");        // 8 kept
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.Csv, path);

        IngestRun run = IngestTestSupport.Run(options);

        var expected = new (long, string, string?)[]
        {
            (2, RejectReason.UnparsableField, "occupied"), (3, RejectReason.UnparsableField, "timestamp"), (4, RejectReason.WrongFieldCount, null),
            (5, RejectReason.MissingField, "vehicle_id"), (6, RejectReason.UnparsableField, "vehicle_id"), (7, RejectReason.BadCoordinate, "lat"),
        };
        Assert.Equal(expected, run.Quarantine.Rows.Select(r => (r.Line, r.Reason, r.Field)));
        Assert.Equal(1, run.Report.RowsKept);
        Assert.Equal(7, run.Report.RowsRead);
    }

    [Fact]
    public void Run_MissingRequiredColumn_ThrowsNamingFileAndColumn()
    {
        string path = _files.Write("nolat.csv", "vehicle_id,timestamp,lon\na,1201930250,116.3\n");

        var error = Assert.ThrowsAny<UserInputException>(() => IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.Csv, path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'lat'", error.Message, StringComparison.Ordinal);
        Assert.Equal("lat", error.Field);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Run_TimeWindow_IsHalfOpen()
    {
        string path = _files.Write("w.csv", "vehicle_id,timestamp,lon,lat\na,1000000000,116.3,39.9\na,1000000060,116.3,39.9\na,1000000120,116.3,39.9\n");
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.Csv, path);
        options.FromUtcMs = 1000000000_000;
        options.ToUtcMs = 1000000120_000;

        IngestRun run = IngestTestSupport.Run(options);

        Assert.Equal(2, run.Report.RowsKept);
        Assert.Equal(1, run.Report.Rejected(RejectReason.OutsideTimeWindow));
    }

    [Fact]
    public void Run_Bd09Source_ConvertsToWgs84()
    {
        string path = _files.Write("bd.csv", "vehicle_id,timestamp,lon,lat\na,1201930250,116.404,39.915\n");
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.Csv, path);
        options.SourceCrs = TrafficEngine.Geo.Crs.Bd09;

        IngestRun run = IngestTestSupport.Run(options);

        (double lon, double lat) = TrafficEngine.Geo.CoordinateSystems.Bd09ToWgs84(116.404, 39.915);
        Assert.Equal(lon, (double)run.Column("lon")[0]!);
        Assert.Equal(lat, (double)run.Column("lat")[0]!);
    }

    [Fact]
    public void Run_TimestampWithoutOffset_ReadAsBeijingTime()
    {
        string path = _files.Write("local.csv", "vehicle_id,timestamp,lon,lat\na,2008-02-02T13:30:50,116.3,39.9\na,2008-02-02 13:31:50.250,116.3,39.9\n");

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.Csv, path));

        Assert.Equal([1201930250000L, 1201930310250L], run.Column("timestamp").Cast<long>());
    }

    [Fact]
    public void Run_QuotedLineBreaks_OneRecordNumberedByItsFirstLine()
    {
        string path = _files.Write("multi.csv",
            "vehicle_id,timestamp,lon,lat,note\n" +                         // 1
            "a,1201930250,116.3,39.9,\"two\nlines\"\n" +                     // 2-3 kept
            "\"b\r\n2\",1201930250,116.3,39.9,x\n" +                         // 4-5 kept, id "b\n2"
            "a,1201930250,116.3,39.9,\"dup\n\"\"quoted\"\"\n\"\n" +          // 6-8 duplicate of line 2
            "a,1201930310,116.3,91,\"bad\nlat\"\n" +                         // 9-10 bad_coordinate
            "a,1201930370,116.3,39.9,\"never\nclosed\n" +                    // 11-12 open to the end
            "b,1201930370,116.3,39.9,x\n");                                  // 13 swallowed by line 11's open quote
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.Csv, path);

        IngestRun run = IngestTestSupport.Run(options);

        Assert.Equal(5, run.Report.RowsRead);
        Assert.Equal(2, run.Report.RowsKept);
        var expected = new (long, string)[] { (9, RejectReason.BadCoordinate), (11, RejectReason.UnparsableField), (6, RejectReason.Duplicate) };
        Assert.Equal(expected, run.Quarantine.Rows.Select(r => (r.Line, r.Reason)));
        Assert.Equal("a,1201930250,116.3,39.9,\"dup\n\"\"quoted\"\"\n\"", run.Quarantine.Rows[2].Raw);
        Assert.Equal("a,1201930370,116.3,39.9,\"never\nclosed\nb,1201930370,116.3,39.9,x", run.Quarantine.Rows[1].Raw);
        var pseudonymizer = new Pseudonymizer(IngestTestSupport.Key);
        Assert.Equal(new[] { "a", "b\n2" }.Select(pseudonymizer.Pseudonymize).Order(StringComparer.Ordinal), run.Column("vehicle_id").Cast<string>());
    }

    public void Dispose() => _files.Dispose();
}
