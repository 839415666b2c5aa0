using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class IngestEdgesTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Theory]
    [InlineData("115.4,39.4,117.6")]
    [InlineData("115.4,39.4,117.6,x")]
    [InlineData("117.6,39.4,115.4,41.1")]
    [InlineData("115.4,95,117.6,96")]
    public void BoundingBoxParse_Invalid_ThrowsArgumentException(string text)
    {
        Assert.Throws<ArgumentException>(() => BoundingBox.Parse(text));
    }

    [Fact]
    public void BoundingBoxParse_Valid_ContainsEdges()
    {
        BoundingBox box = BoundingBox.Parse(" 115.4, 39.4 ,117.6,41.1");

        Assert.True(box.Contains(115.4, 41.1));
        Assert.False(box.Contains(115.39, 40));
    }

    [Fact]
    public void Expand_Folder_ReturnsCsvAndGzSortedByName()
    {
        _files.Write("b.csv", "");
        _files.Write("a.csv.gz", "");
        _files.Write("c.txt", "");

        IReadOnlyList<string> files = ProbeInputs.Expand(_files.Folder);

        Assert.Equal(["a.csv.gz", "b.csv"], files.Select(Path.GetFileName));
    }

    [Fact]
    public void Expand_Missing_ThrowsIngestExceptionNamingPath()
    {
        string path = Path.Combine(_files.Folder, "missing");

        var error = Assert.Throws<IngestException>(() => ProbeInputs.Expand(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvQuarantineWriter_QuotesPerRfc4180()
    {
        using var text = new StringWriter();
        using (var writer = new CsvQuarantineWriter(text))
        {
            writer.Write(new QuarantinedRow("in.csv", 7, RejectReason.UnparsableField, "lon", "a,\"b\",c"));
        }

        Assert.Equal("file,line,reason,field,raw\nin.csv,7,unparsable_field,lon,\"a,\"\"b\"\",c\"\n", text.ToString());
    }

    [Fact]
    public void Validate_NoPseudonymizer_Throws()
    {
        var options = new ProbeIngestOptions { Inputs = ["x.csv"] };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void ReportToJson_SnakeCaseWithAllReasonCodes()
    {
        string path = _files.Write("one.csv", "1,2008-02-02 13:30:50,116.3,39.9\n");

        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path));
        string json = run.Report.ToJson();

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("rows_kept").GetInt64());
        Assert.Equal("2008-02-02T13:30:50.000+08:00", doc.RootElement.GetProperty("first_timestamp_beijing").GetString());
        foreach (string reason in RejectReason.All)
        {
            Assert.Equal(0, doc.RootElement.GetProperty("rows_rejected").GetProperty(reason).GetInt64());
        }
    }

    [Fact]
    public void Run_Progress_ReportsUpToTotalBytes()
    {
        string path = _files.Write("p.csv", string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i % 7},2008-02-02 13:{i / 60 % 60:00}:{i % 60:00},116.3,39.9\n")));
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.TDrive, path);
        options.ProgressIntervalBytes = 1;
        var reports = new List<IngestProgress>();

        ProbeIngestAnalyzer.Run(options, schema => new MemoryBatchSink(schema), progress: new SynchronousProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(new FileInfo(path).Length, reports[^1].BytesRead);
        Assert.Equal(reports[^1].TotalBytes, reports[^1].BytesRead);
        Assert.Equal(2000, reports[^1].RowsRead);
    }

    [Fact]
    public void Run_Cancelled_ThrowsAndLeavesNoTempFiles()
    {
        string path = _files.Write("c.csv", "1,2008-02-02 13:30:50,116.3,39.9\n");
        string temp = Path.Combine(_files.Folder, "tmp");
        Directory.CreateDirectory(temp);
        ProbeIngestOptions options = IngestTestSupport.Options(ProbeFormat.TDrive, path);
        options.TempDirectory = temp;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ProbeIngestAnalyzer.Run(options, schema => new MemoryBatchSink(schema), cancellationToken: cancelled.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public void Run_WithCsvQuarantineWriter_WritesOneLinePerRejectedRow()
    {
        string path = _files.Write("q.csv", "1,2008-02-02 13:30:50,116.3,39.9\n1,2008-02-02 13:30:50,116.3,39.9\n\"x,2008-02-02 13:30:50,0,39.9\n");
        string quarantinePath = Path.Combine(_files.Folder, "bad.csv");

        using (CsvQuarantineWriter writer = CsvQuarantineWriter.Create(quarantinePath))
        {
            ProbeIngestAnalyzer.Run(IngestTestSupport.Options(ProbeFormat.TDrive, path), schema => new MemoryBatchSink(schema), writer);
        }

        string[] lines = File.ReadAllLines(quarantinePath);
        Assert.Equal("file,line,reason,field,raw", lines[0]);
        Assert.Equal($"{path},3,unparsable_field,vehicle_id,\"\"\"x,2008-02-02 13:30:50,0,39.9\"", lines[1]); // an unclosed quote
        Assert.Equal($"{path},2,duplicate,timestamp,\"1,2008-02-02 13:30:50,116.3,39.9\"", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    public void Dispose() => _files.Dispose();
}

internal sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
{
    public void Report(IngestProgress value) => report(value);
}
