using TrafficEngine.Arrow.Metadata;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>
/// The part the file and stream writers share: the schema message, dictionary batches and record batches.
/// In the stream format a dictionary batch replaces the previous one whenever a batch brings a different
/// dictionary; in the file format dictionaries are merged (<see cref="DictionaryUnion"/>) and sent as deltas.
/// </summary>
internal sealed class IpcWriter
{
    private readonly MessageWriter _writer;
    private readonly bool _fileFormat;
    private readonly StringColumn?[] _lastDictionaries;
    private readonly DictionaryUnion?[] _unions;

    public IpcWriter(MessageWriter writer, Schema schema, bool fileFormat)
    {
        _writer = writer;
        Schema = schema;
        _fileFormat = fileFormat;
        _lastDictionaries = new StringColumn?[schema.Fields.Count];
        _unions = new DictionaryUnion?[schema.Fields.Count];
    }

    public Schema Schema { get; }

    public List<Block> DictionaryBlocks { get; } = [];

    public List<Block> RecordBlocks { get; } = [];

    public void WriteSchema() => _writer.WriteMessage(MetadataEncoder.EncodeSchemaMessage(Schema), null);

    public void WriteBatch(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.Schema.Fields.SequenceEqual(Schema.Fields))
        {
            throw new ArgumentException($"The batch's fields ({batch.Schema}) differ from the writer's ({Schema}).", nameof(batch));
        }

        var body = new MessageBody();
        for (int i = 0; i < batch.Columns.Count; i++)
        {
            Column column = batch.Columns[i];
            if (column is DictionaryColumn dictionary)
            {
                ReadOnlyMemory<byte>? remapped = WriteDictionary(i, dictionary);
                if (remapped is { } indices)
                {
                    body.AddIndices(dictionary, indices);
                    continue;
                }
            }

            body.AddColumn(column);
        }

        byte[] metadata = MetadataEncoder.EncodeRecordBatchMessage(batch.Length, body.Nodes, body.Buffers, body.BodyLength);
        RecordBlocks.Add(_writer.WriteMessage(metadata, body));
    }

    private ReadOnlyMemory<byte>? WriteDictionary(int field, DictionaryColumn column)
    {
        if (!_fileFormat)
        {
            StringColumn? last = _lastDictionaries[field];
            if (last is null || !SameStrings(last, column.Dictionary))
            {
                WriteDictionaryBatch(field, column.Dictionary, isDelta: false);
                _lastDictionaries[field] = column.Dictionary;
            }

            return null;
        }

        DictionaryUnion union = _unions[field] ??= new DictionaryUnion();
        bool first = !union.Started;
        (StringColumn delta, ReadOnlyMemory<byte>? indices) = union.Merge(column);
        if (first || delta.Length > 0)
        {
            WriteDictionaryBatch(field, delta, isDelta: !first);
        }

        return indices;
    }

    private void WriteDictionaryBatch(int field, StringColumn values, bool isDelta)
    {
        var body = new MessageBody();
        body.AddColumn(values);
        byte[] metadata = MetadataEncoder.EncodeDictionaryBatchMessage(field, isDelta, values.Length, body.Nodes, body.Buffers, body.BodyLength);
        DictionaryBlocks.Add(_writer.WriteMessage(metadata, body));
    }

    private static bool SameStrings(StringColumn a, StringColumn b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Length != b.Length || a.NullCount != b.NullCount)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a.IsNull(i) != b.IsNull(i) || !a.GetBytes(i).SequenceEqual(b.GetBytes(i)))
            {
                return false;
            }
        }

        return true;
    }
}
