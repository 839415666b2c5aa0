using TrafficEngine.Geo;
using TrafficEngine.IO;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class ProbeIngestTDriveTests : IDisposable
{
    private const string Input =
        "1,2008-02-02 13:30:50,116.30000,39.90000\n" +        // 1 kept
        "1,2008-02-02 13:31:50,116.30100,39.90000\n" +        // 2 kept (85 m in 60 s)
        "1,2008-02-02 13:31:50,116.30200,39.90000\n" +        // 3 duplicate of line 2
        "1,2008-02-02 13:32:50,117.30000,39.90000\n" +        // 4 drift (85 km in 60 s)
        "1,2008-02-02 13:33:50,116.30300,39.90000\n" +        // 5 kept (from line 2: 170 m in 120 s)
        "2,2008-02-02 13:30:50,0.0,0.0\n" +                   // 6 bad_coordinate lon
        "2,2008-02-02 13:30:50,116.3,91\n" +                  // 7 bad_coordinate lat
        "2,2008-02-02 13:30:50,abc,39.9\n" +                  // 8 unparsable lon
        "2,2008-02-02 25:30:50,116.3,39.9\n" +                // 9 unparsable timestamp
        "2,2008-02-02 13:30:50,116.3\n" +                     // 10 wrong_field_count
        "2,,116.3,39.9\n" +                                   // 11 missing timestamp
        "2,2008-02-02 13:30:50,120.3,39.9\n" +                // 12 outside_bbox
        "2,2008-02-10 13:30:50,116.3,39.9\n" +                // 13 outside_time_window
        "\n" +                                                // 14 blank: skipped, not a row
        "2,2008-02-02 13:40:00,116.4,39.95\r\n" +             // 15 kept
        "1,2008-02-02 13:29:50,116.29900,39.90000\n";         // 16 kept, earlier than line 1 (sorted first)

    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Run_EveryReasonCode_CountsAndQuarantinesEachRowOnce()
    {
        ProbeIngestOptions options = Options();

        IngestRun run = IngestTestSupport.Run(options);

        IngestReport report = run.Report;
        Assert.Equal(15, report.RowsRead);
        Assert.Equal(5, report.RowsKept);
        Assert.Equal(report.RowsRead, report.RowsKept + report.RowsRejectedTotal);
        Assert.Equal(RejectReason.All.OrderBy(r => r), report.RowsRejected.Keys.OrderBy(r => r));
        Assert.Equal(2, report.Rejected(RejectReason.UnparsableField)); // lon and timestamp
        Assert.Equal(1, report.Rejected(RejectReason.WrongFieldCount));
        Assert.Equal(1, report.Rejected(RejectReason.MissingField));
        Assert.Equal(2, report.Rejected(RejectReason.BadCoordinate));
        Assert.Equal(1, report.Rejected(RejectReason.OutsideBbox));
        Assert.Equal(1, report.Rejected(RejectReason.OutsideTimeWindow));
        Assert.Equal(1, report.Rejected(RejectReason.Duplicate));
        Assert.Equal(1, report.Rejected(RejectReason.Drift));
        Assert.Equal(2, report.Vehicles);
        var expected = new (long Line, string Reason, string? Field)[]
        {
            (6, RejectReason.BadCoordinate, "lon"), (7, RejectReason.BadCoordinate, "lat"), (8, RejectReason.UnparsableField, "lon"),
            (9, RejectReason.UnparsableField, "timestamp"), (10, RejectReason.WrongFieldCount, null), (11, RejectReason.MissingField, "timestamp"),
            (12, RejectReason.OutsideBbox, null), (13, RejectReason.OutsideTimeWindow, "timestamp"),
            (3, RejectReason.Duplicate, "timestamp"), (4, RejectReason.Drift, "lon,lat"),
        };
        Assert.Equal(expected, run.Quarantine.Rows.Select(r => (r.Line, r.Reason, r.Field)).ToArray());
        Assert.Equal("1,2008-02-02 13:31:50,116.30200,39.90000", run.Quarantine.Rows.Single(r => r.Line == 3).Raw);
        Assert.Equal("1,2008-02-02 13:32:50,117.30000,39.90000", run.Quarantine.Rows.Single(r => r.Line == 4).Raw);
        Assert.All(run.Quarantine.Rows, r => Assert.Equal(options.Inputs[0], r.File));
    }

    [Fact]
    public void Run_KeptRows_OrderedByPseudonymThenTimeInUtc()
    {
        IngestRun run = IngestTestSupport.Run(Options());

        var pseudonymizer = new Pseudonymizer(IngestTestSupport.Key);
        string v1 = pseudonymizer.Pseudonymize("1");
        string v2 = pseudonymizer.Pseudonymize("2");
        string[] vehicles = run.Column("vehicle_id").Cast<string>().ToArray();
        long[] times = run.Column("timestamp").Cast<long>().ToArray();
        string[] expectedVehicles = string.CompareOrdinal(v1, v2) < 0 ? [v1, v1, v1, v1, v2] : [v2, v1, v1, v1, v1];
        Assert.Equal(expectedVehicles, vehicles);
        long t0 = DateTimeOffset.Parse("2008-02-02T13:29:50+08:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        long[] v1Times = times.Where((_, i) => vehicles[i] == v1).ToArray();
        Assert.Equal([t0, t0 + 60_000, t0 + 120_000, t0 + 240_000], v1Times);
        Assert.Equal(["vehicle_id", "timestamp", "lon", "lat"], run.Sink.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal("2008-02-02T05:29:50.000Z", run.Report.FirstTimestampUtc);
        Assert.Equal("2008-02-02T13:40:00.000+08:00", run.Report.LastTimestampBeijing);
        Assert.Equal(60, run.Report.SamplingIntervalP50Seconds);
        Assert.Equal(120, run.Report.SamplingIntervalP90Seconds);
    }

    [Fact]
    public void Run_Metadata_CarriesSummaryAndProvenance()
    {
        IngestRun run = IngestTestSupport.Run(Options());

        IReadOnlyDictionary<string, string> metadata = run.Sink.Schema.Metadata;
        Assert.Equal("[\"trips.csv\"]", metadata[ProbeSchema.SourceFilesKey]);
        Assert.Equal("wgs84", metadata[ProbeSchema.SourceCrsKey]);
        Assert.Equal("tdrive", metadata[ProbeSchema.FormatKey]);
        Assert.Equal(IngestTestSupport.Key.KeyId, metadata[ProbeSchema.PseudonymKeyIdKey]);
        Assert.Equal(ProbeSchema.TimeZoneNote, metadata[ProbeSchema.TimeZoneNoteKey]);
        using var summary = System.Text.Json.JsonDocument.Parse(metadata[ProbeSchema.IngestSummaryKey]);
        Assert.Equal(15, summary.RootElement.GetProperty("rows_read").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("rows_rejected").GetProperty("drift").GetInt64());
        Assert.Equal(2, summary.RootElement.GetProperty("rows_rejected").GetProperty("unparsable_field").GetInt64());
    }

    [Fact]
    public void Run_GzipInput_SameResultAsPlain()
    {
        IngestRun plain = IngestTestSupport.Run(Options());
        ProbeIngestOptions gzOptions = IngestTestSupport.Options(ProbeFormat.TDrive, _files.Write("trips.csv.gz", Input));
        gzOptions.BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1");
        gzOptions.ToUtcMs = DateTimeOffset.Parse("2008-02-06T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        IngestRun gz = IngestTestSupport.Run(gzOptions);

        Assert.Equal(plain.Rows(), gz.Rows());
        Assert.Equal(plain.Quarantine.Rows.Select(r => (r.Line, r.Reason, r.Raw)), gz.Quarantine.Rows.Select(r => (r.Line, r.Reason, r.Raw)));
    }

    [Fact]
    public void Run_GcjSource_ConvertsToWgs84()
    {
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.TDrive, _files.Write("gcj.csv", "7,2008-02-02 13:30:50,116.4,39.9\n"));
        options.SourceCrs = TrafficEngine.Geo.Crs.Gcj02;

        IngestRun run = IngestTestSupport.Run(options);

        (double lon, double lat) = TrafficEngine.Geo.CoordinateSystems.Gcj02ToWgs84(116.4, 39.9);
        Assert.Equal(lon, (double)run.Column("lon")[0]!);
        Assert.Equal(lat, (double)run.Column("lat")[0]!);
        Assert.Equal("gcj02", run.Sink.Schema.Metadata[ProbeSchema.SourceCrsKey]);
    }

    [Fact]
    public void Run_MissingFile_ThrowsIngestExceptionNamingIt()
    {
        string path = Path.Combine(_files.Folder, "nope.csv");

        var error = Assert.ThrowsAny<UserInputException>(() => IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.File);
    }

    [Fact]
    public void Run_CorruptGzip_ThrowsIngestExceptionNamingFile()
    {
        string path = _files.Write("bad.csv.gz.tmp", "this is not gzip");
        string gz = Path.ChangeExtension(path, null);
        File.Move(path, gz);

        var error = Assert.ThrowsAny<UserInputException>(() => IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, gz)));

        Assert.Contains(gz, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TruncatedGzip_ThrowsIngestExceptionNamingFile()
    {
        string full = _files.Write("whole.csv.gz", string.Concat(Enumerable.Repeat(Input, 200)));
        byte[] bytes = File.ReadAllBytes(full);
        string truncated = Path.Combine(_files.Folder, "truncated.csv.gz");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsAny<UserInputException>(() => IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, truncated)));

        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DuplicatesInUnsortedRun_KeepFirstInFileOrder()
    {
        string path = _files.Write("dups.csv",
            "9,2008-02-02 10:00:10,116.30010,39.9\n" +
            "9,2008-02-02 10:00:00,116.30000,39.9\n" +
            "9,2008-02-02 10:00:10,116.30020,39.9\n" +
            "9,2008-02-02 10:00:10,116.30030,39.9\n");

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal([116.3, 116.3001], run.Column("lon").Cast<double>());
        Assert.Equal([3L, 4L], run.Quarantine.Rows.Select(r => r.Line));
        Assert.All(run.Quarantine.Rows, r => Assert.Equal(RejectReason.Duplicate, r.Reason));
    }

    [Fact]
    public void Run_QuotedTDriveFields_CommasAndLineBreaksInsideQuotesKept()
    {
        string path = _files.Write("quoted.txt",
            "\"taxi, 1\",2008-02-02 13:30:50,116.3,39.9\n" +            // 1: a comma inside the quoted id
            "\"taxi\n2\",\"2008-02-02 13:30:50\",116.3,39.9\n" +      // 2-3: a line break inside the quoted id
            "3,2008-02-02 13:30:50,116.3,39.9\n" +                       // 4: the plain row
            "4,2008-02-02 13:30:50,\"116.3,39.9\"\n");                  // 5: three fields once the quotes are read

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal(4, run.Report.RowsRead);
        Assert.Equal(3, run.Report.RowsKept);
        QuarantinedRow bad = Assert.Single(run.Quarantine.Rows);
        Assert.Equal((5L, RejectReason.WrongFieldCount), (bad.Line, bad.Reason));
        var pseudonymizer = new Pseudonymizer(IngestTestSupport.Key);
        Assert.Equal(new[] { "taxi, 1", "taxi\n2", "3" }.Select(pseudonymizer.Pseudonymize).Order(StringComparer.Ordinal), run.Column("vehicle_id").Cast<string>());
    }

    public void Dispose() => _files.Dispose();

    private ProbeIngestOptions Options()
    {
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.TDrive, _files.Write("trips.csv", Input));
        options.BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1");
        options.ToUtcMs = DateTimeOffset.Parse("2008-02-06T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return options;
    }
}
