using Apache.Arrow;

namespace TrafficEngine.Ingest;

/// <summary>Where the ingest writes its output batches (an Arrow file in the CLI, memory in tests).</summary>
public interface IBatchSink : IDisposable
{
    void Write(RecordBatch batch);

    /// <summary>Called once after the last batch; a sink that is disposed without it must discard its output.</summary>
    void Complete();
}

/// <summary>Keeps the batches in memory.</summary>
public sealed class MemoryBatchSink : IBatchSink
{
    private readonly List<RecordBatch> _batches = [];

    public MemoryBatchSink(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
    }

    public Schema Schema { get; }

    public IReadOnlyList<RecordBatch> Batches => _batches;

    public bool IsCompleted { get; private set; }

    public long RowCount => _batches.Sum(b => (long)b.Length);

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (IsCompleted)
        {
            throw new InvalidOperationException("The sink is already complete.");
        }

        _batches.Add(batch);
    }

    public void Complete() => IsCompleted = true;

    public void Dispose()
    {
    }
}
