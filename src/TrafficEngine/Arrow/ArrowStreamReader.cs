using System.Buffers.Binary;
using TrafficEngine.Arrow.Ipc;
using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>
/// Reads the Arrow IPC stream format message by message. Each body is read into its own 64-byte aligned array and
/// the columns wrap it without copying. Lengths are checked against what the stream can still hold before any
/// large allocation; dictionary batches may replace or extend (delta) earlier ones.
/// </summary>
public sealed class ArrowStreamReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long[] _dictionaryIds;
    private readonly DictionaryStore _dictionaries;
    private long _position;
    private bool _ended;

    public ArrowStreamReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        (MessageInfo Message, BodyView Body)? first = ReadMessage()
            ?? throw new ArrowFormatException("Stream ends before its schema message", 0);
        if (first.Value.Message.Type != MessageHeader.Schema)
        {
            throw new ArrowFormatException($"Stream starts with a {first.Value.Message.Type} message instead of a schema", 0);
        }

        (Schema, _dictionaryIds) = SchemaDecoder.Decode(first.Value.Message.Header);
        _dictionaries = new DictionaryStore(Schema, _dictionaryIds);
    }

    public Schema Schema { get; }

    /// <summary>The next record batch, or null at the end of the stream.</summary>
    public Batch? ReadNext()
    {
        while (!_ended)
        {
            long at = _position;
            if (ReadMessage() is not { } next)
            {
                _ended = true;
                break;
            }

            switch (next.Message.Type)
            {
                case MessageHeader.DictionaryBatch:
                    _dictionaries.Apply(MessageDecoder.DecodeDictionaryBatch(next.Message.Header), next.Body, allowReplacement: true);
                    break;
                case MessageHeader.RecordBatch:
                    RecordBatchInfo info = MessageDecoder.DecodeRecordBatch(next.Message.Header);
                    return BatchDecoder.DecodeBatch(Schema, _dictionaryIds, info, next.Body, _dictionaries);
                default:
                    throw new ArrowFormatException($"Unexpected {next.Message.Type} message in the stream", at);
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>The next message, or null at the end-of-stream marker or a clean end of the input.</summary>
    private (MessageInfo Message, BodyView Body)? ReadMessage()
    {
        long start = _position;
        Span<byte> word = stackalloc byte[4];
        int got = _stream.ReadAtLeast(word, 4, throwOnEndOfStream: false);
        _position += got;
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new ArrowFormatException("Stream ends inside a message prefix", start);
        }

        int length;
        if (BinaryPrimitives.ReadUInt32LittleEndian(word) == ArrowFormat.Continuation)
        {
            ReadExactly(word, "message length");
            length = BinaryPrimitives.ReadInt32LittleEndian(word);
        }
        else
        {
            length = BinaryPrimitives.ReadInt32LittleEndian(word); // pre-1.0 streams have no continuation marker
        }

        if (length == 0)
        {
            return null;
        }

        if (length < 0)
        {
            throw new ArrowFormatException($"Message metadata length {length} is negative", start);
        }

        long metadataAt = _position;
        (byte[] metadata, int metadataOrigin) = ReadBlock(length, "message metadata");
        MessageInfo message = MessageDecoder.Decode(metadata, metadataOrigin, length, metadataAt);
        long bodyAt = _position;
        (byte[] body, int bodyOrigin) = ReadBlock(message.BodyLength, "message body");
        return (message, new BodyView(ArrowBuffer.FromAligned(body, bodyOrigin, (int)message.BodyLength), bodyAt));
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes into a fresh aligned array. A length the stream cannot hold is refused
    /// before allocating: against the remaining length of a seekable stream, or by reading in bounded chunks.
    /// </summary>
    private (byte[] Bytes, int Origin) ReadBlock(long length, string what)
    {
        if (length > FileImage.MaxArrayLength)
        {
            throw new ArrowFormatException($"The {what} claims {length} bytes, more than one reader can hold", _position);
        }

        if (_stream.CanSeek && length > _stream.Length - _stream.Position)
        {
            throw new ArrowFormatException($"The {what} claims {length} bytes but only {_stream.Length - _stream.Position} remain", _position);
        }

        const int Chunk = 16 << 20;
        if (_stream.CanSeek || length <= Chunk)
        {
            byte[] bytes = ArrowBuffer.AllocateAligned((int)length, out int origin, zeroed: false);
            ReadExactly(bytes.AsSpan(origin, (int)length), what);
            return (bytes, origin);
        }

        using var staging = new MemoryStream();
        byte[] chunk = new byte[Chunk];
        long remaining = length;
        while (remaining > 0)
        {
            int n = (int)Math.Min(Chunk, remaining);
            ReadExactly(chunk.AsSpan(0, n), what);
            staging.Write(chunk, 0, n);
            remaining -= n;
        }

        byte[] result = ArrowBuffer.AllocateAligned((int)length, out int resultOrigin, zeroed: false);
        staging.GetBuffer().AsSpan(0, (int)length).CopyTo(result.AsSpan(resultOrigin));
        return (result, resultOrigin);
    }

    private void ReadExactly(Span<byte> destination, string what)
    {
        int got = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        _position += got;
        if (got < destination.Length)
        {
            throw new ArrowFormatException($"Stream ends inside the {what}: {got} of {destination.Length} bytes", _position);
        }
    }
}
