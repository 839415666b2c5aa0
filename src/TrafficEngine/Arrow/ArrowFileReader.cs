using System.Buffers.Binary;
using TrafficEngine.Arrow.FlatBuffers;
using TrafficEngine.Arrow.Ipc;
using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>
/// Reads the Arrow IPC file format. <see cref="Open"/> memory-maps the file; the stream constructor reads the
/// stream once into a 64-byte aligned pinned array. Either way columns are views of those bytes, not copies.
/// Every length and offset is checked against the file before it is used. Dictionary batches (including deltas)
/// are applied at open, in footer order.
/// </summary>
/// <remarks>
/// Lifetime: batches keep the bytes they view alive, so they stay valid after the reader is disposed. Disposing a
/// reader that has not returned a batch releases the memory (or the mapping) at once; otherwise the garbage
/// collector releases it after the reader and the last batch from it. A span taken from a column does not keep
/// it alive: hold the column or batch while using its spans.
/// </remarks>
public sealed class ArrowFileReader : IDisposable
{
    private const int TrailerLength = 10; // int32 footer length + "ARROW1"
    private const int HeaderLength = 8;   // "ARROW1" + 2 bytes padding

    private readonly FileImage _image;
    private readonly long[] _dictionaryIds;
    private readonly Block[] _recordBlocks;
    private readonly DictionaryStore _dictionaries;
    private readonly long _footerStart;
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private bool _batchReturned;
    private bool _disposed;

    public ArrowFileReader(Stream stream, bool leaveOpen = false)
        : this(ArrayFileImage.Read(stream ?? throw new ArgumentNullException(nameof(stream))))
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    private ArrowFileReader(FileImage image)
    {
        _image = image;
        try
        {
            (Schema, _dictionaryIds, _recordBlocks, _dictionaries, _footerStart) = ReadFooter(image);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    public Schema Schema { get; }

    public int BatchCount => _recordBlocks.Length;

    /// <summary>
    /// Opens a file by memory-mapping it (on Windows, where a mapped file cannot be replaced while mapped, by reading
    /// it into memory). Nothing is copied; columns view the mapping.
    /// </summary>
    /// <remarks>
    /// The mapping shows the file as it is on disk: replacing it by rename (as <see cref="ArrowFile.Write"/> does) or
    /// deleting it leaves the reader and its batches on the old contents, but a file rewritten in place shows the new
    /// bytes (accessors stay bounds-checked; values may be garbage), and a file truncated in place while its
    /// batches are in use makes the operating system end the process (SIGBUS) when a page past the new end is read.
    /// Use the stream constructor on a <see cref="FileStream"/> for files others may rewrite in place.
    /// </remarks>
    public static ArrowFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ArrowFileReader(FileImage.Open(path));
    }

    public Batch ReadBatch(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        Block block = _recordBlocks[index];
        (MessageInfo message, BodyView body) = ReadMessage(_image, block, _footerStart);
        if (message.Type != MessageHeader.RecordBatch)
        {
            throw new ArrowFormatException($"Footer lists a {message.Type} message as record batch {index}", block.Offset);
        }

        RecordBatchInfo info = MessageDecoder.DecodeRecordBatch(message.Header);
        Batch batch = BatchDecoder.DecodeBatch(Schema, _dictionaryIds, info, body, _dictionaries);
        _batchReturned = true;
        return batch;
    }

    public IEnumerable<Batch> ReadAll()
    {
        for (int i = 0; i < BatchCount; i++)
        {
            yield return ReadBatch(i);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_batchReturned)
        {
            _image.Dispose();
        }

        if (_stream is not null && !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static (Schema, long[], Block[], DictionaryStore, long) ReadFooter(FileImage image)
    {
        long length = image.Length;
        if (length < HeaderLength + TrailerLength)
        {
            throw new ArrowFormatException($"File of {length} bytes is too short to be an Arrow file", 0);
        }

        if (!image.Span(0, 6).SequenceEqual(ArrowFormat.Magic))
        {
            throw new ArrowFormatException("File does not start with the Arrow magic \"ARROW1\"", 0);
        }

        if (!image.Span(length - 6, 6).SequenceEqual(ArrowFormat.Magic))
        {
            throw new ArrowFormatException("File does not end with the Arrow magic \"ARROW1\" (truncated?)", length - 6);
        }

        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(image.Span(length - TrailerLength, 4));
        if (footerLength <= 0 || footerLength > length - HeaderLength - TrailerLength)
        {
            throw new ArrowFormatException($"Footer length {footerLength} does not fit in a {length}-byte file", length - TrailerLength);
        }

        long footerStart = length - TrailerLength - footerLength;
        FlatTable footer = FlatTable.Root(image.Span(footerStart, footerLength).ToArray(), 0, footerLength, footerStart);
        FlatTable schemaTable = footer.GetTable(1) ?? throw new ArrowFormatException("Footer has no schema", footerStart);
        (Schema schema, long[] dictionaryIds) = SchemaDecoder.Decode(schemaTable);
        Block[] dictionaryBlocks = ReadBlocks(footer, 2);
        Block[] recordBlocks = ReadBlocks(footer, 3);
        var dictionaries = new DictionaryStore(schema, dictionaryIds);
        foreach (Block block in dictionaryBlocks)
        {
            (MessageInfo message, BodyView body) = ReadMessage(image, block, footerStart);
            if (message.Type != MessageHeader.DictionaryBatch)
            {
                throw new ArrowFormatException($"Footer lists a {message.Type} message as a dictionary batch", block.Offset);
            }

            dictionaries.Apply(MessageDecoder.DecodeDictionaryBatch(message.Header), body, allowReplacement: false);
        }

        return (schema, dictionaryIds, recordBlocks, dictionaries, footerStart);
    }

    private static Block[] ReadBlocks(FlatTable footer, int slot)
    {
        if (footer.GetVector(slot, 24) is not { } vector)
        {
            return [];
        }

        var blocks = new Block[vector.Count];
        for (int i = 0; i < blocks.Length; i++)
        {
            int at = vector.Start + (i * 24);
            blocks[i] = new Block(footer.ReadLong(at), footer.ReadInt(at + 8), footer.ReadLong(at + 16));
        }

        return blocks;
    }

    private static (MessageInfo Message, BodyView Body) ReadMessage(FileImage image, Block block, long end)
    {
        if (block.Offset < HeaderLength || block.Offset >= end || (block.Offset & 7) != 0
            || block.MetadataLength <= 8 || block.MetadataLength > end - block.Offset
            || block.BodyLength < 0 || block.BodyLength > end - block.Offset - block.MetadataLength)
        {
            throw new ArrowFormatException(
                $"Footer block (offset {block.Offset}, metadata {block.MetadataLength}, body {block.BodyLength}) does not fit before the footer at {end}", block.Offset);
        }

        long offset = block.Offset;
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(image.Span(offset, 4));
        int prefix = first == ArrowFormat.Continuation ? 8 : 4;
        int length = prefix == 8 ? BinaryPrimitives.ReadInt32LittleEndian(image.Span(offset + 4, 4)) : (int)first;
        if (length <= 0 || length > block.MetadataLength - prefix)
        {
            throw new ArrowFormatException($"Message metadata length {length} does not fit the block's {block.MetadataLength} bytes", offset);
        }

        MessageInfo message = MessageDecoder.Decode(image.Span(offset + prefix, length).ToArray(), 0, length, offset + prefix);
        long bodyStart = offset + block.MetadataLength;
        if (message.BodyLength > block.BodyLength)
        {
            throw new ArrowFormatException($"Message body of {message.BodyLength} bytes is longer than its block's {block.BodyLength}", offset);
        }

        if (message.BodyLength > int.MaxValue)
        {
            throw new ArrowFormatException($"Message body of {message.BodyLength} bytes is larger than one batch can be", offset);
        }

        return (message, new BodyView(image.Buffer(bodyStart, (int)message.BodyLength), bodyStart));
    }
}
