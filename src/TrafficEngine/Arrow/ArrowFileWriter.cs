using System.Buffers.Binary;
using TrafficEngine.Arrow.Ipc;
using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>
/// Writes the Arrow IPC file format: "ARROW1\0\0", the schema, dictionary and record batch messages, an
/// end-of-stream marker, the footer, its length and "ARROW1". Dictionaries that change between batches are merged
/// into one per field and sent as delta dictionary batches, since the file format forbids replacing them.
/// </summary>
public sealed class ArrowFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly MessageWriter _messages;
    private readonly IpcWriter _writer;
    private bool _finished;
    private bool _disposed;

    public ArrowFileWriter(Stream stream, Schema schema, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _messages = new MessageWriter(stream);
        _writer = new IpcWriter(_messages, schema, fileFormat: true);
        _messages.WriteRaw("ARROW1\0\0"u8);
        _writer.WriteSchema();
    }

    public Schema Schema => _writer.Schema;

    public void WriteBatch(Batch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The file is finished; no more batches can be written.");
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
        byte[] footer = MetadataEncoder.EncodeFooter(Schema, ToTuples(_writer.DictionaryBlocks), ToTuples(_writer.RecordBlocks));
        _messages.WriteRaw(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        _messages.WriteRaw(length);
        _messages.WriteRaw(ArrowFormat.Magic);
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

    private static List<(long Offset, int MetadataLength, long BodyLength)> ToTuples(List<Block> blocks) =>
        blocks.ConvertAll(b => (b.Offset, b.MetadataLength, b.BodyLength));
}
