using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

/// <summary>The fixed-offset T-Drive row parser accepts only what the general parser reads the same way.</summary>
public sealed class TDriveFastPathTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Run_RowsBesideTheFastPath_ReadOrRejectedAsTheGeneralParserDoes()
    {
        string path = _files.Write("edges.txt",
            "1,1970-01-01 08:00:00,116.3,39.9\n" +                 // 1 kept: the epoch, the date cache's initial value
            "1,\0\0\0\0\0\0\0\0\0\0 08:01:00,116.3,39.9\n" +        // 2 unparsable timestamp (zero bytes as the date)
            "1,1970-01-01 08:02:00,1.163e2,39.9\n" +               // 3 kept: exponent, read by the full parser
            "1,1970-01-01 08:03:00,116.3,39.9,1\n" +               // 4 wrong_field_count
            "1,1970-01-01 08:04:00,116.3,\n" +                     // 5 missing lat
            "1,1970-01-02 08:04:00,+116.3,39.9\n" +                // 6 kept: sign, new date
            "1,1970-01-02 08:05:00,116.3000000000000001,39.9\n" +  // 7 kept: more than 15 digits, full parser
            "1,1970-01-02 8:06:00,116.3,39.9\n" +                  // 8 unparsable timestamp (short hour)
            "1,1970-01-02 08:07:00 ,116.3,39.9\n" +                // 9 unparsable timestamp (trailing space)
            "1,1970-02-30 08:08:00,116.3,39.9\n" +                 // 10 unparsable timestamp (no such day)
            "1,1970-01-02 08:09:00,116.3,39.9\r\n" +               // 11 kept: CRLF
            "1,1970-01-02 08:10:00,116.3,39.9\r\r\n" +             // 12 kept by the general path (the framework parser takes the "\r" left as white space)
            "1,1970-01-02 08:11:00,116.3,-39.9\n" +                // 13 kept by the general path (sign), then drift
            "1,1970-01-02 08:12:00,116.3,39.9");                   // 14 kept: no line end at the end of the file

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal([0L, 120_000L, 86_640_000L, 86_700_000L, 86_940_000L, 87_000_000L, 87_120_000L], run.Column("timestamp").Cast<long>());
        Assert.All(run.Column("lon"), lon => Assert.Equal(116.3, (double)lon!));
        var expected = new (long, string, string?)[]
        {
            (2, RejectReason.UnparsableField, "timestamp"), (4, RejectReason.WrongFieldCount, null), (5, RejectReason.MissingField, "lat"),
            (8, RejectReason.UnparsableField, "timestamp"), (9, RejectReason.UnparsableField, "timestamp"), (10, RejectReason.UnparsableField, "timestamp"),
            (13, RejectReason.Drift, "lon,lat"),
        };
        Assert.Equal(expected, run.Quarantine.Rows.Select(r => (r.Line, r.Reason, r.Field)));
    }

    public void Dispose() => _files.Dispose();
}
