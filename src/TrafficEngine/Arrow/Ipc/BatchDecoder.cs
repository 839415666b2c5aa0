using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>A message body's bytes (shared, not copied) and where it starts in the input (<c>FileOffset</c>).</summary>
internal readonly record struct BodyView(ArrowBuffer Bytes, long FileOffset)
{
    public long Length => Bytes.Length;
}

/// <summary>
/// Turns a record batch header and its body into columns that wrap the body bytes without copying. Checks every
/// node and buffer against the body and the field's type before building anything.
/// </summary>
internal sealed class BatchDecoder
{
    private readonly RecordBatchInfo _info;
    private readonly BodyView _body;
    private int _node;
    private int _buffer;

    private BatchDecoder(RecordBatchInfo info, BodyView body)
    {
        _info = info;
        _body = body;
    }

    public static Batch DecodeBatch(Schema schema, long[] dictionaryIds, RecordBatchInfo info, BodyView body, DictionaryStore dictionaries)
    {
        var decoder = new BatchDecoder(info, body);
        decoder.ExpectCounts(schema.Fields.Count, schema.Fields.Sum(f => BufferCount(f.Type)));
        var columns = new Column[schema.Fields.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            Field field = schema.Fields[i];
            if (field.Type.Id == TypeId.Dictionary)
            {
                StringColumn dictionary = dictionaries.Get(dictionaryIds[i], field.Name, info.FileOffset);
                Column indices = decoder.ReadColumn(field.Type.IndexType!, field);
                CheckIndices(indices, dictionary.Length, field.Name, info.FileOffset);
                columns[i] = new DictionaryColumn(indices, dictionary, field.Type.Ordered);
            }
            else
            {
                columns[i] = decoder.ReadColumn(field.Type, field);
            }
        }

        return new Batch(schema, columns);
    }

    /// <summary>Decodes the single utf8 column of a dictionary batch.</summary>
    public static StringColumn DecodeDictionary(string fieldName, RecordBatchInfo info, BodyView body)
    {
        var decoder = new BatchDecoder(info, body);
        decoder.ExpectCounts(1, 3);
        return (StringColumn)decoder.ReadColumn(DataType.Utf8, new Field(fieldName, DataType.Utf8));
    }

    private static int BufferCount(DataType type) => type.Id is TypeId.Utf8 or TypeId.Binary ? 3 : 2;

    private void ExpectCounts(int nodes, int buffers)
    {
        if (_info.NodeCount != nodes || _info.BufferCount != buffers)
        {
            throw new ArrowFormatException(
                $"Batch has {_info.NodeCount} field nodes and {_info.BufferCount} buffers; the schema needs {nodes} and {buffers}", _info.FileOffset);
        }
    }

    private Column ReadColumn(DataType type, Field field)
    {
        long length = _info.Nodes[_node * 2];
        long nullCount = _info.Nodes[(_node * 2) + 1];
        _node++;
        if (length != _info.Length)
        {
            throw Error($"Field '{field.Name}' has {length} values but the batch has {_info.Length} rows");
        }

        if (nullCount < 0 || nullCount > length || (nullCount > 0 && !field.Nullable))
        {
            throw Error($"Field '{field.Name}' claims {nullCount} nulls in {length} values{(field.Nullable ? "" : " but is not nullable")}");
        }

        int count = (int)length;
        ArrowBuffer validity = NextBuffer(field, "validity bitmap");
        if (nullCount == 0)
        {
            validity = ArrowBuffer.Empty;
        }
        else
        {
            RequireLength(validity, BitUtil.BytesForBits(count), field, "validity bitmap");
        }

        Column column = type.Id switch
        {
            TypeId.Boolean => ReadBoolean(field, count, validity),
            TypeId.Utf8 or TypeId.Binary => ReadStrings(type, field, count, validity),
            _ => ReadFixed(type, field, count, validity),
        };
        if (column.NullCount != nullCount)
        {
            throw Error($"Field '{field.Name}' claims {nullCount} nulls but its validity bitmap has {column.NullCount}");
        }

        return column;
    }

    private BooleanColumn ReadBoolean(Field field, int count, ArrowBuffer validity)
    {
        ArrowBuffer values = NextBuffer(field, "values bitmap");
        RequireLength(values, BitUtil.BytesForBits(count), field, "values bitmap");
        return new BooleanColumn(values, count, validity);
    }

    private BinaryColumn ReadStrings(DataType type, Field field, int count, ArrowBuffer validity)
    {
        ArrowBuffer offsets = NextBuffer(field, "offsets");
        ArrowBuffer data = NextBuffer(field, "string data");
        if (count == 0 && offsets.Length < sizeof(int))
        {
            offsets = ArrowBuffer.CopyOf<int>([0]);
        }

        RequireLength(offsets, ((long)count + 1) * sizeof(int), field, "offsets");
        ReadOnlySpan<int> view = offsets.As<int>()[..(count + 1)];
        if (view[0] < 0)
        {
            throw Error($"Field '{field.Name}' has negative string offset {view[0]}");
        }

        int decrease = StringOffsets.FindDecrease(view);
        if (decrease > 0)
        {
            throw Error($"Field '{field.Name}' has string offsets that decrease at value {decrease - 1} ({view[decrease - 1]} then {view[decrease]})");
        }

        if (view[^1] > data.Length)
        {
            throw Error($"Field '{field.Name}' has string offset {view[^1]} past its {data.Length}-byte data buffer");
        }

        return type.Id == TypeId.Binary
            ? new BinaryColumn(offsets, data, count, validity)
            : new StringColumn(offsets, data, count, validity);
    }

    private Column ReadFixed(DataType type, Field field, int count, ArrowBuffer validity)
    {
        ArrowBuffer values = NextBuffer(field, "values");
        RequireLength(values, (long)count * type.ByteWidth, field, "values");
        return type.Id switch
        {
            TypeId.Int8 => new Column<sbyte>(type, values, count, validity),
            TypeId.UInt8 => new Column<byte>(type, values, count, validity),
            TypeId.Int16 => new Column<short>(type, values, count, validity),
            TypeId.UInt16 => new Column<ushort>(type, values, count, validity),
            TypeId.Int32 or TypeId.Date32 => new Column<int>(type, values, count, validity),
            TypeId.UInt32 => new Column<uint>(type, values, count, validity),
            TypeId.Int64 or TypeId.Timestamp => new Column<long>(type, values, count, validity),
            TypeId.UInt64 => new Column<ulong>(type, values, count, validity),
            TypeId.Float32 => new Column<float>(type, values, count, validity),
            TypeId.Float64 => new Column<double>(type, values, count, validity),
            _ => throw Error($"Field '{field.Name}' has type {type}, which the reader cannot decode"),
        };
    }

    private ArrowBuffer NextBuffer(Field field, string what)
    {
        long offset = _info.Buffers[_buffer * 2];
        long length = _info.Buffers[(_buffer * 2) + 1];
        _buffer++;
        if (offset < 0 || length < 0 || offset > _body.Length || length > _body.Length - offset)
        {
            throw Error($"The {what} buffer of field '{field.Name}' (offset {offset}, length {length}) lies outside the {_body.Length}-byte body");
        }

        if ((offset & 7) != 0)
        {
            throw Error($"The {what} buffer of field '{field.Name}' starts at body offset {offset}, not a multiple of 8");
        }

        return _body.Bytes.Slice((int)offset, (int)length);
    }

    private void RequireLength(ArrowBuffer buffer, long required, Field field, string what)
    {
        if (buffer.Length < required)
        {
            throw Error($"The {what} buffer of field '{field.Name}' has {buffer.Length} bytes; {_info.Length} values need {required}");
        }
    }

    private static void CheckIndices(Column indices, int dictionaryLength, string name, long fileOffset)
    {
        if (indices is Column<int> { NullCount: 0, Length: > 0 } int32)
        {
            // The common case in one vectorised pass: int32 indices without nulls (negative ones are huge as uint).
            ReadOnlySpan<int> values = int32.Values;
            if (TensorPrimitives.Max(MemoryMarshal.Cast<int, uint>(values)) < (uint)dictionaryLength)
            {
                return;
            }

            int row = 0;
            while (row < values.Length - 1 && (uint)values[row] < (uint)dictionaryLength)
            {
                row++;
            }

            throw new ArrowFormatException($"Field '{name}' row {row} has dictionary index {values[row]} outside its {dictionaryLength}-value dictionary", fileOffset);
        }

        var probe = new DictionaryColumn(indices, new StringColumn(ArrowBuffer.CopyOf<int>([0]), ArrowBuffer.Empty, 0));
        for (int i = 0; i < probe.Length; i++)
        {
            if (probe.IsValid(i))
            {
                long index = indices is Column<ulong> u && u.Values[i] > long.MaxValue ? -1 : probe.GetIndex(i);
                if (index < 0 || index >= dictionaryLength)
                {
                    throw new ArrowFormatException($"Field '{name}' row {i} has dictionary index {index} outside its {dictionaryLength}-value dictionary", fileOffset);
                }
            }
        }
    }

    private ArrowFormatException Error(string message) => new(message, _body.FileOffset);
}
