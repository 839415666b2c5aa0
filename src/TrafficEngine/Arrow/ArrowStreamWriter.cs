using TrafficEngine.Arrow.Ipc;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>
/// Writes the Arrow IPC stream format: the schema message, then dictionary and record batch messages, and the
/// end-of-stream marker (0xFFFFFFFF 0x00000000) on <see cref="Finish"/>. A dictionary batch is sent before the
/// first batch of each dictionary field and again (as a replacement) whenever a batch brings a different dictionary.
/// </summary>
public sealed class ArrowStreamWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly MessageWriter _messages;
    private readonly IpcWriter _writer;
    private bool _finished;
    private bool _disposed;

    public ArrowStreamWriter(Stream stream, Schema schema, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _messages = new MessageWriter(stream);
        _writer = new IpcWriter(_messages, schema, fileFormat: false);
        _writer.WriteSchema();
    }

    public Schema Schema => _writer.Schema;

    public void WriteBatch(Batch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The stream is finished; no more batches can be written.");
        }

        _writer.WriteBatch(batch);
    }

    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            return;
        }

        _finished = true;
        _messages.WriteEndOfStream();
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Finish();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }
}
