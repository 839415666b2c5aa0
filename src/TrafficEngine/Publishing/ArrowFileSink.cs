using Apache.Arrow;
using TrafficEngine.Arrow;
using TrafficEngine.Ingest;

namespace TrafficEngine.Publishing;

/// <summary>
/// The ingest's batch sink as an Arrow IPC file, published atomically on <see cref="Complete"/> (see
/// <see cref="ArrowFileOutput"/>); disposed without it, nothing is left behind.
/// </summary>
public sealed class ArrowFileSink : IBatchSink
{
    private readonly ArrowFileOutput _output;

    public ArrowFileSink(string destination, Schema schema, ArrowCompression compression = ArrowCompression.None)
    {
        _output = new ArrowFileOutput(destination, schema, compression);
    }

    public void Write(RecordBatch batch) => _output.Write(batch);

    public void Complete() => _output.Complete();

    public void Dispose() => _output.Dispose();
}
