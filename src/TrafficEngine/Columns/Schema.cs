namespace TrafficEngine.Columns;

/// <summary>The fields of a batch, in order, with schema-level key/value metadata.</summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly Field[] _fields;

    public Schema(IEnumerable<Field> fields, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Field field in _fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            if (!seen.Add(field.Name))
            {
                throw new ArgumentException($"Field name '{field.Name}' appears twice in the schema.", nameof(fields));
            }
        }

        Metadata = metadata is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
    }

    public IReadOnlyList<Field> Fields => _fields;

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Position of a field by name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < _fields.Length; i++)
        {
            if (_fields[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A copy of this schema with other schema-level metadata.</summary>
    public Schema WithMetadata(IReadOnlyDictionary<string, string> metadata) => new(_fields, metadata);

    public bool Equals(Schema? other) => other is not null && _fields.AsSpan().SequenceEqual(other._fields)
        && MetadataEquals(Metadata, other.Metadata);

    public override bool Equals(object? obj) => Equals(obj as Schema);

    public override int GetHashCode() => HashCode.Combine(_fields.Length, Metadata.Count);

    public override string ToString() => string.Join(", ", _fields.Select(f => $"{f.Name}: {f.Type}{(f.Nullable ? "" : " not null")}"));

    internal static bool MetadataEquals(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, string> pair in a)
        {
            if (!b.TryGetValue(pair.Key, out string? value) || value != pair.Value)
            {
                return false;
            }
        }

        return true;
    }
}
