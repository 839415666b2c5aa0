namespace TrafficEngine.Columns;

/// <summary>A named, typed column slot of a schema, with optional key/value metadata.</summary>
public sealed record Field
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public Field(string name, DataType type, bool nullable = true, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Nullable = nullable;
        Metadata = metadata ?? NoMetadata;
    }

    public string Name { get; }

    public DataType Type { get; }

    public bool Nullable { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool Equals(Field? other) => other is not null && Name == other.Name && Type == other.Type
        && Nullable == other.Nullable && Schema.MetadataEquals(Metadata, other.Metadata);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Nullable);
}
