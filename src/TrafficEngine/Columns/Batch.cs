namespace TrafficEngine.Columns;

/// <summary>A schema plus equal-length columns whose types match its fields.</summary>
public sealed class Batch
{
    private readonly Column[] _columns;

    public Batch(Schema schema, IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Length != schema.Fields.Count)
        {
            throw new ArgumentException($"The schema has {schema.Fields.Count} fields but {_columns.Length} columns were given.", nameof(columns));
        }

        Length = _columns.Length == 0 ? 0 : _columns[0].Length;
        for (int i = 0; i < _columns.Length; i++)
        {
            Field field = schema.Fields[i];
            Column column = _columns[i] ?? throw new ArgumentException($"Column '{field.Name}' is null.", nameof(columns));
            if (column.Type != field.Type)
            {
                throw new ArgumentException($"Column '{field.Name}' is {column.Type} but the schema says {field.Type}.", nameof(columns));
            }

            if (column.Length != Length)
            {
                throw new ArgumentException($"Column '{field.Name}' has {column.Length} rows, column '{schema.Fields[0].Name}' has {Length}.", nameof(columns));
            }

            if (!field.Nullable && column.NullCount > 0)
            {
                throw new ArgumentException($"Column '{field.Name}' is declared not null but holds {column.NullCount} nulls.", nameof(columns));
            }
        }

        Schema = schema;
    }

    public Schema Schema { get; }

    public IReadOnlyList<Column> Columns => _columns;

    public int Length { get; }

    public Column this[int index] => _columns[index];

    public Column this[string name] => _columns[IndexOrThrow(name)];

    /// <summary>The named column as the given column class, with a clear error when it is something else.</summary>
    public TColumn Get<TColumn>(string name)
        where TColumn : Column => _columns[IndexOrThrow(name)] as TColumn
        ?? throw new InvalidOperationException($"Column '{name}' is {_columns[IndexOrThrow(name)].Type}, not a {typeof(TColumn).Name}.");

    /// <summary>Rows [offset, offset + length) of every column, sharing the buffers.</summary>
    public Batch Slice(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - offset);
        return new Batch(Schema, _columns.Select(c => c.Slice(offset, length)));
    }

    /// <summary>The same columns under a schema with other schema-level metadata.</summary>
    public Batch WithSchemaMetadata(IReadOnlyDictionary<string, string> metadata) => new(Schema.WithMetadata(metadata), _columns);

    private int IndexOrThrow(string name)
    {
        int index = Schema.IndexOf(name);
        return index >= 0 ? index : throw new KeyNotFoundException($"The batch has no column '{name}'; it has {string.Join(", ", Schema.Fields.Select(f => f.Name))}.");
    }
}
