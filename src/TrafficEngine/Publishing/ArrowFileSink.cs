using TrafficEngine.Arrow;
using TrafficEngine.Columns;
using TrafficEngine.Ingest;

namespace TrafficEngine.Publishing;

/// <summary>
/// Writes batches to an Arrow IPC file, published atomically on <see cref="Complete"/>: until then the data sits
/// in a temporary file beside the destination, which is deleted if the run fails.
/// </summary>
public sealed class ArrowFileSink : IBatchSink
{
    private readonly string _destination;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly ArrowFileWriter _writer;
    private bool _completed;

    public ArrowFileSink(string destination, Schema schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(schema);
        _destination = Path.GetFullPath(destination);
        _temporary = AtomicFile.TemporaryPathFor(_destination);
        _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        _writer = new ArrowFileWriter(_stream, schema, leaveOpen: true);
    }

    public void Write(Batch batch)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _writer.WriteBatch(batch);
    }

    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _writer.Finish();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        AtomicFile.Commit(_temporary, _destination);
        _completed = true;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
        if (!_completed)
        {
            File.Delete(_temporary);
        }
    }
}
