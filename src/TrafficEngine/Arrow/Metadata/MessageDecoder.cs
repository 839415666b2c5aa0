using TrafficEngine.Arrow.FlatBuffers;

namespace TrafficEngine.Arrow.Metadata;

/// <summary>The decoded header of one encapsulated IPC message.</summary>
internal readonly record struct MessageInfo(MessageHeader Type, FlatTable Header, long BodyLength);

/// <summary>A record batch header: row count, one (length, null count) node per field and (offset, length) per buffer.</summary>
internal sealed record RecordBatchInfo(long Length, long[] Nodes, long[] Buffers, long FileOffset)
{
    public int NodeCount => Nodes.Length / 2;

    public int BufferCount => Buffers.Length / 2;
}

/// <summary>A dictionary batch header: the dictionary id, its data and whether it extends the previous dictionary.</summary>
internal sealed record DictionaryBatchInfo(long Id, RecordBatchInfo Data, bool IsDelta);

/// <summary>Decodes Message.fbs messages with bounds checks.</summary>
internal static class MessageDecoder
{
    /// <summary>More nodes or buffers than this in one batch is taken as corruption rather than allocated.</summary>
    private const int MaxVectorLength = 1 << 20;

    public static MessageInfo Decode(byte[] bytes, int start, int length, long fileOffset)
    {
        FlatTable message = FlatTable.Root(bytes, start, length, fileOffset);
        short version = message.GetShort(0);
        if (version is not (ArrowFormat.MetadataV4 or ArrowFormat.MetadataV5))
        {
            throw new ArrowFormatException($"Metadata version {version + 1} is not supported (V4 and V5 are)", message.FileOffset);
        }

        var type = (MessageHeader)message.GetByte(1);
        FlatTable header = message.GetTable(2)
            ?? throw new ArrowFormatException($"Message of type {type} has no header", message.FileOffset);
        long bodyLength = message.GetLong(3);
        if (bodyLength < 0)
        {
            throw new ArrowFormatException($"Message body length {bodyLength} is negative", message.FileOffset);
        }

        return new MessageInfo(type, header, bodyLength);
    }

    public static RecordBatchInfo DecodeRecordBatch(FlatTable table)
    {
        long length = table.GetLong(0);
        if (length is < 0 or > int.MaxValue)
        {
            throw new ArrowFormatException($"Record batch claims {length} rows; at most {int.MaxValue} are supported", table.FileOffset);
        }

        if (table.Has(3))
        {
            throw new ArrowFormatException("Record batch uses compressed buffers (LZ4/ZSTD), which are not supported", table.FileOffset);
        }

        long[] nodes = ReadLongStructs(table, 1, "nodes");
        long[] buffers = ReadLongStructs(table, 2, "buffers");
        return new RecordBatchInfo(length, nodes, buffers, table.FileOffset);
    }

    public static DictionaryBatchInfo DecodeDictionaryBatch(FlatTable table)
    {
        long id = table.GetLong(0);
        FlatTable data = table.GetTable(1)
            ?? throw new ArrowFormatException($"Dictionary batch {id} has no data", table.FileOffset);
        return new DictionaryBatchInfo(id, DecodeRecordBatch(data), table.GetBool(2));
    }

    private static long[] ReadLongStructs(FlatTable table, int slot, string what)
    {
        if (table.GetVector(slot, 16) is not { } vector)
        {
            return [];
        }

        if (vector.Count > MaxVectorLength)
        {
            throw new ArrowFormatException($"Record batch claims {vector.Count} {what}", table.FileOffset);
        }

        var values = new long[vector.Count * 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = table.ReadLong(vector.Start + (i * 8));
        }

        return values;
    }
}
