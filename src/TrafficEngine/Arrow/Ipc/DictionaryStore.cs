using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>The dictionaries read so far, by id; applies replacements and deltas as dictionary batches arrive.</summary>
internal sealed class DictionaryStore
{
    private readonly Dictionary<long, StringColumn> _dictionaries = [];
    private readonly Dictionary<long, string> _fieldNames = [];

    public DictionaryStore(Schema schema, long[] dictionaryIds)
    {
        for (int i = 0; i < dictionaryIds.Length; i++)
        {
            if (dictionaryIds[i] >= 0)
            {
                _fieldNames[dictionaryIds[i]] = schema.Fields[i].Name;
            }
        }
    }

    /// <summary>Decodes a dictionary batch and stores it; the file format allows deltas but not replacements.</summary>
    public void Apply(DictionaryBatchInfo info, BodyView body, bool allowReplacement)
    {
        if (!_fieldNames.TryGetValue(info.Id, out string? name))
        {
            throw new ArrowFormatException($"Dictionary batch has id {info.Id}, which no field of the schema uses", info.Data.FileOffset);
        }

        StringColumn values = BatchDecoder.DecodeDictionary(name, info.Data, body);
        bool exists = _dictionaries.TryGetValue(info.Id, out StringColumn? existing);
        if (info.IsDelta && existing is not null)
        {
            _dictionaries[info.Id] = Concat(existing, values);
        }
        else if (exists && !allowReplacement)
        {
            throw new ArrowFormatException($"Dictionary {info.Id} of field '{name}' is replaced, which the file format does not allow", info.Data.FileOffset);
        }
        else
        {
            _dictionaries[info.Id] = values;
        }
    }

    public StringColumn Get(long id, string fieldName, long fileOffset) =>
        _dictionaries.TryGetValue(id, out StringColumn? dictionary)
            ? dictionary
            : throw new ArrowFormatException($"Field '{fieldName}' needs dictionary {id}, which no dictionary batch before it provided", fileOffset);

    private static StringColumn Concat(StringColumn first, StringColumn second)
    {
        var builder = new StringColumnBuilder(first.Offsets[^1] - first.Offsets[0] + second.Offsets[^1] - second.Offsets[0]);
        Append(builder, first);
        Append(builder, second);
        return builder.Build();
    }

    private static void Append(StringColumnBuilder builder, StringColumn column)
    {
        for (int i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i))
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(column.GetBytes(i));
            }
        }
    }
}
