using TrafficEngine.Arrow.FlatBuffers;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Metadata;

/// <summary>
/// Encodes the flatbuffer metadata of Schema.fbs, Message.fbs and File.fbs: schema, record batch and dictionary
/// batch messages, and the file footer. Dictionary ids are the field positions.
/// </summary>
internal static class MetadataEncoder
{
    public static byte[] EncodeSchemaMessage(Schema schema)
    {
        var builder = new FlatBufferBuilder();
        int header = WriteSchema(builder, schema);
        return FinishMessage(builder, MessageHeader.Schema, header, 0);
    }

    public static byte[] EncodeRecordBatchMessage(long length, ReadOnlySpan<long> nodes, ReadOnlySpan<long> buffers, long bodyLength)
    {
        var builder = new FlatBufferBuilder();
        int header = WriteRecordBatch(builder, length, nodes, buffers);
        return FinishMessage(builder, MessageHeader.RecordBatch, header, bodyLength);
    }

    public static byte[] EncodeDictionaryBatchMessage(long id, bool isDelta, long length, ReadOnlySpan<long> nodes, ReadOnlySpan<long> buffers, long bodyLength)
    {
        var builder = new FlatBufferBuilder();
        int data = WriteRecordBatch(builder, length, nodes, buffers);
        builder.StartTable(3);
        builder.AddLong(0, id);
        builder.AddOffset(1, data);
        builder.AddBool(2, isDelta);
        int header = builder.EndTable();
        return FinishMessage(builder, MessageHeader.DictionaryBatch, header, bodyLength);
    }

    public static byte[] EncodeFooter(Schema schema, IReadOnlyList<(long Offset, int MetadataLength, long BodyLength)> dictionaries,
        IReadOnlyList<(long Offset, int MetadataLength, long BodyLength)> recordBatches)
    {
        var builder = new FlatBufferBuilder();
        int schemaTable = WriteSchema(builder, schema);
        int dictionaryBlocks = builder.CreateBlockVector(dictionaries);
        int recordBlocks = builder.CreateBlockVector(recordBatches);
        builder.StartTable(5);
        builder.AddShort(0, ArrowFormat.MetadataV5);
        builder.AddOffset(1, schemaTable);
        builder.AddOffset(2, dictionaryBlocks);
        builder.AddOffset(3, recordBlocks);
        int footer = builder.EndTable();
        return builder.Finish(footer).ToArray();
    }

    private static byte[] FinishMessage(FlatBufferBuilder builder, MessageHeader type, int header, long bodyLength)
    {
        builder.StartTable(5);
        builder.AddShort(0, ArrowFormat.MetadataV5);
        builder.AddByte(1, (byte)type);
        builder.AddOffset(2, header);
        builder.AddLong(3, bodyLength);
        int message = builder.EndTable();
        return builder.Finish(message).ToArray();
    }

    private static int WriteRecordBatch(FlatBufferBuilder builder, long length, ReadOnlySpan<long> nodes, ReadOnlySpan<long> buffers)
    {
        int nodeVector = builder.CreateLongStructVector(nodes, 2);
        int bufferVector = builder.CreateLongStructVector(buffers, 2);
        builder.StartTable(5);
        builder.AddLong(0, length);
        builder.AddOffset(1, nodeVector);
        builder.AddOffset(2, bufferVector);
        return builder.EndTable();
    }

    private static int WriteSchema(FlatBufferBuilder builder, Schema schema)
    {
        var fields = new int[schema.Fields.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = WriteField(builder, schema.Fields[i], i);
        }

        int fieldVector = builder.CreateOffsetVector(fields);
        int metadata = WriteKeyValues(builder, schema.Metadata);
        builder.StartTable(4);
        builder.AddShort(0, 0); // little endian
        builder.AddOffset(1, fieldVector);
        if (metadata != 0)
        {
            builder.AddOffset(2, metadata);
        }

        return builder.EndTable();
    }

    private static int WriteField(FlatBufferBuilder builder, Field field, int position)
    {
        int name = builder.CreateString(field.Name);
        DataType valueType = field.Type.Id == TypeId.Dictionary ? field.Type.ValueType! : field.Type;
        (ArrowTypeTag tag, int type) = WriteType(builder, valueType);
        int dictionary = 0;
        if (field.Type.Id == TypeId.Dictionary)
        {
            int indexType = WriteInt(builder, field.Type.IndexType!);
            builder.StartTable(4);
            builder.AddLong(0, position);
            builder.AddOffset(1, indexType);
            builder.AddBool(2, field.Type.Ordered);
            dictionary = builder.EndTable();
        }

        int children = builder.CreateOffsetVector([]);
        int metadata = WriteKeyValues(builder, field.Metadata);
        builder.StartTable(7);
        builder.AddOffset(0, name);
        builder.AddBool(1, field.Nullable);
        builder.AddByte(2, (byte)tag);
        builder.AddOffset(3, type);
        if (dictionary != 0)
        {
            builder.AddOffset(4, dictionary);
        }

        builder.AddOffset(5, children);
        if (metadata != 0)
        {
            builder.AddOffset(6, metadata);
        }

        return builder.EndTable();
    }

    private static (ArrowTypeTag Tag, int Table) WriteType(FlatBufferBuilder builder, DataType type)
    {
        switch (type.Id)
        {
            case TypeId.Boolean:
                return (ArrowTypeTag.Bool, EmptyTable(builder));
            case TypeId.Utf8:
                return (ArrowTypeTag.Utf8, EmptyTable(builder));
            case TypeId.Binary:
                return (ArrowTypeTag.Binary, EmptyTable(builder));
            case TypeId.Float32:
            case TypeId.Float64:
                builder.StartTable(1);
                builder.AddShort(0, type.Id == TypeId.Float32 ? (short)1 : (short)2);
                return (ArrowTypeTag.FloatingPoint, builder.EndTable());
            case TypeId.Date32:
                builder.StartTable(1);
                builder.AddShort(0, 0); // DateUnit.DAY
                return (ArrowTypeTag.Date, builder.EndTable());
            case TypeId.Timestamp:
                int zone = type.TimeZone is null ? 0 : builder.CreateString(type.TimeZone);
                builder.StartTable(2);
                builder.AddShort(0, (short)type.Unit);
                if (zone != 0)
                {
                    builder.AddOffset(1, zone);
                }

                return (ArrowTypeTag.Timestamp, builder.EndTable());
            default:
                if (type.IsInteger)
                {
                    return (ArrowTypeTag.Int, WriteInt(builder, type));
                }

                throw new NotSupportedException($"The Arrow writer cannot encode {type}.");
        }
    }

    private static int WriteInt(FlatBufferBuilder builder, DataType type)
    {
        builder.StartTable(2);
        builder.AddInt(0, type.ByteWidth * 8);
        builder.AddBool(1, type.IsSignedInteger);
        return builder.EndTable();
    }

    private static int EmptyTable(FlatBufferBuilder builder)
    {
        builder.StartTable(0);
        return builder.EndTable();
    }

    private static int WriteKeyValues(FlatBufferBuilder builder, IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count == 0)
        {
            return 0;
        }

        var pairs = new int[metadata.Count];
        int i = 0;
        foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            int key = builder.CreateString(pair.Key);
            int value = builder.CreateString(pair.Value);
            builder.StartTable(2);
            builder.AddOffset(0, key);
            builder.AddOffset(1, value);
            pairs[i++] = builder.EndTable();
        }

        return builder.CreateOffsetVector(pairs);
    }
}
