using TrafficEngine.Arrow.FlatBuffers;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Metadata;

/// <summary>Decodes a Schema.fbs schema table into an engine schema plus the dictionary id of each field (-1 for none).</summary>
internal static class SchemaDecoder
{
    /// <summary>More fields than this in one schema is taken as corruption rather than allocated.</summary>
    private const int MaxFields = 1 << 16;

    public static (Schema Schema, long[] DictionaryIds) Decode(FlatTable table)
    {
        if (table.GetShort(0) != 0)
        {
            throw new ArrowFormatException("Big-endian Arrow data is not supported", table.FileOffset);
        }

        FlatVector fieldVector = table.GetVector(1, 4) ?? new FlatVector(0, 0);
        if (fieldVector.Count > MaxFields)
        {
            throw new ArrowFormatException($"Schema claims {fieldVector.Count} fields, more than the {MaxFields} supported", table.FileOffset);
        }

        var fields = new Field[fieldVector.Count];
        var dictionaryIds = new long[fieldVector.Count];
        var seenIds = new HashSet<long>();
        for (int i = 0; i < fields.Length; i++)
        {
            FlatTable fieldTable = table.GetTableElement(fieldVector, i);
            (fields[i], dictionaryIds[i]) = DecodeField(fieldTable);
            if (dictionaryIds[i] >= 0 && !seenIds.Add(dictionaryIds[i]))
            {
                throw new ArrowFormatException($"Field '{fields[i].Name}' reuses dictionary id {dictionaryIds[i]}; shared dictionaries are not supported", fieldTable.FileOffset);
            }
        }

        Dictionary<string, string> metadata = DecodeKeyValues(table, 2);
        try
        {
            return (new Schema(fields, metadata), dictionaryIds);
        }
        catch (ArgumentException e)
        {
            throw new ArrowFormatException($"Invalid schema: {e.Message}", e);
        }
    }

    private static (Field Field, long DictionaryId) DecodeField(FlatTable table)
    {
        string name = table.GetString(0) ?? "";
        bool nullable = table.GetBool(1);
        var tag = (ArrowTypeTag)table.GetByte(2);
        FlatTable? typeTable = table.GetTable(3);
        DataType type = DecodeType(name, tag, typeTable, table.FileOffset);
        long dictionaryId = -1;
        if (table.GetTable(4) is { } dictionary)
        {
            dictionaryId = dictionary.GetLong(0);
            if (dictionaryId < 0)
            {
                throw new ArrowFormatException($"Field '{name}' has negative dictionary id {dictionaryId}", dictionary.FileOffset);
            }

            DataType indexType = dictionary.GetTable(1) is { } index
                ? DecodeInt(name, index)
                : DataType.Int32;
            if (type.Id != TypeId.Utf8)
            {
                throw new ArrowFormatException($"Field '{name}' is a dictionary of {type}; only utf8 dictionaries are supported", table.FileOffset);
            }

            type = DataType.Dictionary(indexType, type, dictionary.GetBool(2));
        }

        if (table.GetVector(5, 4) is { Count: > 0 })
        {
            throw new ArrowFormatException($"Field '{name}' of type {type} has child fields; nested types are not supported", table.FileOffset);
        }

        return (new Field(name, type, nullable, DecodeKeyValues(table, 6)), dictionaryId);
    }

    private static DataType DecodeType(string name, ArrowTypeTag tag, FlatTable? typeTable, long fieldOffset)
    {
        if (typeTable is not { } type)
        {
            throw new ArrowFormatException($"Field '{name}' has no type", fieldOffset);
        }

        switch (tag)
        {
            case ArrowTypeTag.Bool:
                return DataType.Boolean;
            case ArrowTypeTag.Utf8:
                return DataType.Utf8;
            case ArrowTypeTag.Binary:
                return DataType.Binary;
            case ArrowTypeTag.Int:
                return DecodeInt(name, type);
            case ArrowTypeTag.FloatingPoint:
                return type.GetShort(0) switch
                {
                    1 => DataType.Float32,
                    2 => DataType.Float64,
                    0 => throw Unsupported(name, "FloatingPoint(HALF)", type.FileOffset),
                    short p => throw new ArrowFormatException($"Field '{name}' has unknown floating point precision {p}", type.FileOffset),
                };
            case ArrowTypeTag.Date:
                return type.GetShort(0, 1) == 0 ? DataType.Date32 : throw Unsupported(name, "Date(MILLISECOND) (date64)", type.FileOffset);
            case ArrowTypeTag.Timestamp:
                short unit = type.GetShort(0);
                if (unit is < 0 or > 3)
                {
                    throw new ArrowFormatException($"Field '{name}' has unknown timestamp unit {unit}", type.FileOffset);
                }

                return DataType.Timestamp((TimeUnit)unit, type.GetString(1));
            default:
                string typeName = Enum.IsDefined(tag) ? tag.ToString() : $"type tag {(byte)tag}";
                throw Unsupported(name, typeName, type.FileOffset);
        }
    }

    private static DataType DecodeInt(string name, FlatTable table)
    {
        int bits = table.GetInt(0);
        bool signed = table.GetBool(1);
        return (bits, signed) switch
        {
            (8, true) => DataType.Int8,
            (16, true) => DataType.Int16,
            (32, true) => DataType.Int32,
            (64, true) => DataType.Int64,
            (8, false) => DataType.UInt8,
            (16, false) => DataType.UInt16,
            (32, false) => DataType.UInt32,
            (64, false) => DataType.UInt64,
            _ => throw new ArrowFormatException($"Field '{name}' has an integer of {bits} bits", table.FileOffset),
        };
    }

    private static ArrowFormatException Unsupported(string name, string type, long offset) =>
        new($"Field '{name}' has type {type}, which the engine does not support", offset);

    private static Dictionary<string, string> DecodeKeyValues(FlatTable table, int slot)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table.GetVector(slot, 4) is not { } vector)
        {
            return result;
        }

        for (int i = 0; i < vector.Count; i++)
        {
            FlatTable pair = table.GetTableElement(vector, i);
            string key = pair.GetString(0) ?? throw new ArrowFormatException("Metadata entry without a key", pair.FileOffset);
            result[key] = pair.GetString(1) ?? "";
        }

        return result;
    }
}
