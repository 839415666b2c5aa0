using System.IO.Compression;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

/// <summary>A temporary folder for input files, deleted on dispose, and helpers to run the ingest.</summary>
internal sealed class IngestTestSupport : IDisposable
{
    public static readonly PseudonymKey Key = PseudonymKey.Parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    public IngestTestSupport()
    {
        Folder = Path.Combine(Path.GetTempPath(), "traffic-ingest-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, string content)
    {
        string path = Path.Combine(Folder, name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }
        else
        {
            File.WriteAllText(path, content, new UTF8Encoding(false));
        }

        return path;
    }

    public static ProbeIngestOptions Options(ProbeFormat format, params string[] inputs) => new()
    {
        Inputs = inputs,
        Format = format,
        Pseudonymizer = new Pseudonymizer(Key),
    };

    public static IngestRun Run(ProbeIngestOptions options)
    {
        MemoryBatchSink? sink = null;
        var quarantine = new MemoryQuarantineSink();
        IngestReport report = ProbeIngestAnalyzer.Run(options, schema => sink = new MemoryBatchSink(schema), quarantine);
        Assert.NotNull(sink);
        Assert.True(sink.IsCompleted);
        return new IngestRun(report, sink, quarantine);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record IngestRun(IngestReport Report, MemoryBatchSink Sink, MemoryQuarantineSink Quarantine)
{
    /// <summary>All output rows as boxed values per column, for comparisons.</summary>
    public List<object?[]> Rows()
    {
        var rows = new List<object?[]>();
        foreach (RecordBatch batch in Sink.Batches)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                rows.Add(batch.Arrays.Select(c => ArrowArrays.GetValue(c, i)).ToArray());
            }
        }

        return rows;
    }

    public List<object?> Column(string name)
    {
        int index = Sink.Schema.GetFieldIndex(name);
        return Rows().Select(r => r[index]).ToList();
    }
}
