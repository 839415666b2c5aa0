using System.Buffers.Binary;
using TrafficEngine.Arrow.FlatBuffers;
using TrafficEngine.Arrow.Ipc;
using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>
/// Reads the Arrow IPC file format. The whole file is read once into a 64-byte aligned pinned array; columns wrap
/// slices of it without copying. Every length and offset is checked against the file before it is used.
/// Dictionary batches (including deltas) are applied at open, in footer order.
/// </summary>
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

    public ArrowFileReader(Stream stream, bool leaveOpen = false)
        : this(FileImage.Read(stream ?? throw new ArgumentNullException(nameof(stream))))
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    private ArrowFileReader(FileImage image)
    {
        _image = image;
        long length = image.Length;
        if (length < HeaderLength + TrailerLength)
        {
            throw new ArrowFormatException($"File of {length} bytes is too short to be an Arrow file", 0);
        }

        ReadOnlySpan<byte> bytes = image.Span;
        if (!bytes[..6].SequenceEqual(ArrowFormat.Magic))
        {
            throw new ArrowFormatException("File does not start with the Arrow magic \"ARROW1\"", 0);
        }

        if (!bytes[^6..].SequenceEqual(ArrowFormat.Magic))
        {
            throw new ArrowFormatException("File does not end with the Arrow magic \"ARROW1\" (truncated?)", length - 6);
        }

        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[^TrailerLength..]);
        if (footerLength <= 0 || footerLength > length - HeaderLength - TrailerLength)
        {
            throw new ArrowFormatException($"Footer length {footerLength} does not fit in a {length}-byte file", length - TrailerLength);
        }

        _footerStart = length - TrailerLength - footerLength;
        FlatTable footer = FlatTable.Root(image.Bytes, image.Origin + (int)_footerStart, footerLength, _footerStart);
        FlatTable schemaTable = footer.GetTable(1) ?? throw new ArrowFormatException("Footer has no schema", _footerStart);
        (Schema, _dictionaryIds) = SchemaDecoder.Decode(schemaTable);
        Block[] dictionaryBlocks = ReadBlocks(footer, 2);
        _recordBlocks = ReadBlocks(footer, 3);
        _dictionaries = new DictionaryStore(Schema, _dictionaryIds);
        foreach (Block block in dictionaryBlocks)
        {
            (MessageInfo message, BodyView body) = ReadMessage(block);
            if (message.Type != MessageHeader.DictionaryBatch)
            {
                throw new ArrowFormatException($"Footer lists a {message.Type} message as a dictionary batch", block.Offset);
            }

            _dictionaries.Apply(MessageDecoder.DecodeDictionaryBatch(message.Header), body, allowReplacement: false);
        }
    }

    public Schema Schema { get; }

    public int BatchCount => _recordBlocks.Length;

    /// <summary>Reads a whole file into aligned memory; the file is closed before this returns.</summary>
    public static ArrowFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ArrowFileReader(FileImage.Read(path));
    }

    public Batch ReadBatch(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        Block block = _recordBlocks[index];
        (MessageInfo message, BodyView body) = ReadMessage(block);
        if (message.Type != MessageHeader.RecordBatch)
        {
            throw new ArrowFormatException($"Footer lists a {message.Type} message as record batch {index}", block.Offset);
        }

        RecordBatchInfo info = MessageDecoder.DecodeRecordBatch(message.Header);
        return BatchDecoder.DecodeBatch(Schema, _dictionaryIds, info, body, _dictionaries);
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
        if (_stream is not null && !_leaveOpen)
        {
            _stream.Dispose();
        }
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

    private (MessageInfo Message, BodyView Body) ReadMessage(Block block)
    {
        long end = _footerStart;
        if (block.Offset < HeaderLength || block.Offset >= end || (block.Offset & 7) != 0
            || block.MetadataLength <= 8 || block.MetadataLength > end - block.Offset
            || block.BodyLength < 0 || block.BodyLength > end - block.Offset - block.MetadataLength)
        {
            throw new ArrowFormatException(
                $"Footer block (offset {block.Offset}, metadata {block.MetadataLength}, body {block.BodyLength}) does not fit before the footer at {end}", block.Offset);
        }

        ReadOnlySpan<byte> bytes = _image.Span;
        int offset = (int)block.Offset;
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
        int prefix = first == ArrowFormat.Continuation ? 8 : 4;
        int length = prefix == 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes[(offset + 4)..]) : (int)first;
        if (length <= 0 || length > block.MetadataLength - prefix)
        {
            throw new ArrowFormatException($"Message metadata length {length} does not fit the block's {block.MetadataLength} bytes", offset);
        }

        MessageInfo message = MessageDecoder.Decode(_image.Bytes, _image.Origin + offset + prefix, length, offset + prefix);
        long bodyStart = block.Offset + block.MetadataLength;
        if (message.BodyLength > block.BodyLength)
        {
            throw new ArrowFormatException($"Message body of {message.BodyLength} bytes is longer than its block's {block.BodyLength}", offset);
        }

        return (message, new BodyView(_image.Bytes, _image.Origin + (int)bodyStart, message.BodyLength, bodyStart));
    }
}
