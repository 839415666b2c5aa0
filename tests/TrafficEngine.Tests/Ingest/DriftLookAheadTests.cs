using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

/// <summary>The drift rule with its look-ahead: a bad fix is rejected even when it is the one already kept.</summary>
public sealed class DriftLookAheadTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Run_BadFirstFix_RejectsItAndKeepsTheGoodFixesAfterIt()
    {
        string path = _files.Write("first.txt",
            "1,2008-02-02 13:30:00,117.30000,39.90000\n" +   // 1 bad first fix, 85 km east
            "1,2008-02-02 13:31:00,116.30000,39.90000\n" +   // 2 good
            "1,2008-02-02 13:32:00,116.30100,39.90000\n" +   // 3 good
            "1,2008-02-02 13:33:00,116.30200,39.90000\n");   // 4 good

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal(3, run.Report.RowsKept);
        Assert.Equal(1, run.Report.Rejected(RejectReason.Drift));
        Assert.Equal([116.3, 116.301, 116.302], run.Column("lon").Cast<double>());
        QuarantinedRow rejected = Assert.Single(run.Quarantine.Rows);
        Assert.Equal((1L, RejectReason.Drift, "1,2008-02-02 13:30:00,117.30000,39.90000"), (rejected.Line, rejected.Reason, rejected.Raw));
    }

    [Fact]
    public void Run_BadFixAfterLongGap_RejectsItInsteadOfTheFixesAfterIt()
    {
        string path = _files.Write("gap.txt",
            "7,2008-02-02 08:00:00,116.30000,39.90000\n" +   // 1 good
            "7,2008-02-02 08:01:00,116.30100,39.90000\n" +   // 2 good
            "7,2008-02-02 12:00:00,116.90000,39.90000\n" +   // 3 bad after a 4-hour gap (plausible from line 2)
            "7,2008-02-02 12:01:00,116.40000,39.90000\n" +   // 4 good, 43 km from line 3 in 60 s
            "7,2008-02-02 12:02:00,116.40100,39.90000\n" +   // 5 good
            "7,2008-02-02 12:03:00,116.40200,39.90000\n");   // 6 good

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal(5, run.Report.RowsKept);
        Assert.Equal([116.3, 116.301, 116.4, 116.401, 116.402], run.Column("lon").Cast<double>());
        Assert.Equal([(3L, RejectReason.Drift)], run.Quarantine.Rows.Select(r => (r.Line, r.Reason)));
        Assert.Equal(run.Report.RowsRead, run.Report.RowsKept + run.Report.RowsRejectedTotal);
    }

    [Fact]
    public void Run_IsolatedBadFixes_StillRejectedThemselves()
    {
        string path = _files.Write("spikes.txt",
            "3,2008-02-02 10:00:00,116.30000,39.90000\n" +   // 1 good
            "3,2008-02-02 10:01:00,117.30000,39.90000\n" +   // 2 spike
            "3,2008-02-02 10:02:00,116.30100,39.90000\n" +   // 3 good
            "3,2008-02-02 10:03:00,116.90000,39.10000\n" +   // 4 spike
            "3,2008-02-02 10:04:00,116.90100,39.10000\n" +   // 5 spike agreeing with 4, but 6 disagrees with both
            "3,2008-02-02 10:05:00,116.30200,39.90000\n" +   // 6 good
            "3,2008-02-02 10:06:00,118.00000,39.90000\n");   // 7 last fix bad: nothing after it to overturn the rule

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal([116.3, 116.301, 116.302], run.Column("lon").Cast<double>());
        Assert.Equal([2L, 4L, 5L, 7L], run.Quarantine.Rows.Select(r => r.Line));
        Assert.All(run.Quarantine.Rows, r => Assert.Equal(RejectReason.Drift, r.Reason));
        Assert.Equal(4, run.Report.Rejected(RejectReason.Drift));
    }

    [Fact]
    public void Run_TwoBadFirstFixes_BothRejected()
    {
        string path = _files.Write("two.txt",
            "5,2008-02-02 10:00:00,117.30000,39.90000\n" +   // 1 bad
            "5,2008-02-02 10:01:00,117.30050,39.90000\n" +   // 2 bad, agrees with 1
            "5,2008-02-02 10:02:00,116.30000,39.90000\n" +   // 3 good
            "5,2008-02-02 10:03:00,116.30100,39.90000\n" +   // 4 good
            "5,2008-02-02 10:04:00,116.30200,39.90000\n");   // 5 good

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));

        Assert.Equal([116.3, 116.301, 116.302], run.Column("lon").Cast<double>());
        Assert.Equal([1L, 2L], run.Quarantine.Rows.Select(r => r.Line));
        Assert.Equal(60, run.Report.SamplingIntervalP50Seconds);
        Assert.Equal(60, run.Report.SamplingIntervalP90Seconds);
    }

    [Fact]
    public void Run_MaxSpeedOption_MovesTheBoundary()
    {
        string path = _files.Write("speed.txt",
            "9,2008-02-02 10:00:00,116.30000,39.90000\n" +
            "9,2008-02-02 10:01:00,116.32000,39.90000\n");   // about 1.7 km in 60 s: about 102 km/h
        ProbeIngestOptions strict = IngestTestSupport.Options(ProbeFormat.TDrive, path);
        strict.MaxSpeedKmh = 100;
        ProbeIngestOptions lenient = IngestTestSupport.Options(ProbeFormat.TDrive, path);
        lenient.MaxSpeedKmh = 105;

        Assert.Equal(1, IngestTestSupport.Run(strict).Report.Rejected(RejectReason.Drift));
        Assert.Equal(0, IngestTestSupport.Run(lenient).Report.Rejected(RejectReason.Drift));
    }

    public void Dispose() => _files.Dispose();
}
