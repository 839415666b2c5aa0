namespace TrafficEngine.Columns;

/// <summary>The logical types the engine stores, a subset of Apache Arrow's.</summary>
public enum TypeId
{
    Boolean,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
    Utf8,
    Timestamp,
    Date32,
    Dictionary,
    Binary,
}

/// <summary>Resolution of a timestamp column, as in Arrow.</summary>
public enum TimeUnit
{
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}

/// <summary>
/// An Arrow data type. Timestamps carry a unit and an optional time zone; dictionaries an index and a value type.
/// Instances are immutable and compare by value.
/// </summary>
public sealed record DataType
{
    private DataType(TypeId id, TimeUnit unit = TimeUnit.Millisecond, string? timeZone = null,
        DataType? indexType = null, DataType? valueType = null, bool ordered = false)
    {
        Id = id;
        Unit = unit;
        TimeZone = timeZone;
        IndexType = indexType;
        ValueType = valueType;
        Ordered = ordered;
    }

    public TypeId Id { get; }

    /// <summary>Unit of a timestamp; meaningless for other types.</summary>
    public TimeUnit Unit { get; }

    /// <summary>Time zone of a timestamp ("UTC", "+08:00", ...); null means zone-naive.</summary>
    public string? TimeZone { get; }

    /// <summary>Index type of a dictionary (a signed or unsigned integer type).</summary>
    public DataType? IndexType { get; }

    /// <summary>Value type of a dictionary.</summary>
    public DataType? ValueType { get; }

    /// <summary>Whether a dictionary's order is meaningful.</summary>
    public bool Ordered { get; }

    public static DataType Boolean { get; } = new(TypeId.Boolean);
    public static DataType Int8 { get; } = new(TypeId.Int8);
    public static DataType Int16 { get; } = new(TypeId.Int16);
    public static DataType Int32 { get; } = new(TypeId.Int32);
    public static DataType Int64 { get; } = new(TypeId.Int64);
    public static DataType UInt8 { get; } = new(TypeId.UInt8);
    public static DataType UInt16 { get; } = new(TypeId.UInt16);
    public static DataType UInt32 { get; } = new(TypeId.UInt32);
    public static DataType UInt64 { get; } = new(TypeId.UInt64);
    public static DataType Float32 { get; } = new(TypeId.Float32);
    public static DataType Float64 { get; } = new(TypeId.Float64);
    public static DataType Utf8 { get; } = new(TypeId.Utf8);
    public static DataType Binary { get; } = new(TypeId.Binary);
    public static DataType Date32 { get; } = new(TypeId.Date32);

    /// <summary>The engine's own timestamps: epoch milliseconds in UTC.</summary>
    public static DataType TimestampMsUtc { get; } = new(TypeId.Timestamp, TimeUnit.Millisecond, "UTC");

    public static DataType Timestamp(TimeUnit unit, string? timeZone) => new(TypeId.Timestamp, unit, timeZone);

    public static DataType Dictionary(DataType indexType, DataType valueType, bool ordered = false)
    {
        ArgumentNullException.ThrowIfNull(indexType);
        ArgumentNullException.ThrowIfNull(valueType);
        if (!indexType.IsInteger)
        {
            throw new ArgumentException($"A dictionary index must be an integer type, not {indexType}.", nameof(indexType));
        }

        if (valueType.Id != TypeId.Utf8)
        {
            throw new ArgumentException($"Dictionaries of {valueType} are not supported; only utf8.", nameof(valueType));
        }

        return new DataType(TypeId.Dictionary, indexType: indexType, valueType: valueType, ordered: ordered);
    }

    public bool IsInteger => Id is TypeId.Int8 or TypeId.Int16 or TypeId.Int32 or TypeId.Int64
        or TypeId.UInt8 or TypeId.UInt16 or TypeId.UInt32 or TypeId.UInt64;

    public bool IsSignedInteger => Id is TypeId.Int8 or TypeId.Int16 or TypeId.Int32 or TypeId.Int64;

    /// <summary>Bytes per value of a fixed-width type; 0 for boolean (bit-packed), utf8, binary and dictionary.</summary>
    public int ByteWidth => Id switch
    {
        TypeId.Int8 or TypeId.UInt8 => 1,
        TypeId.Int16 or TypeId.UInt16 => 2,
        TypeId.Int32 or TypeId.UInt32 or TypeId.Float32 or TypeId.Date32 => 4,
        TypeId.Int64 or TypeId.UInt64 or TypeId.Float64 or TypeId.Timestamp => 8,
        _ => 0,
    };

    public override string ToString() => Id switch
    {
        TypeId.Timestamp => $"timestamp[{UnitName(Unit)}{(TimeZone is null ? "" : ", " + TimeZone)}]",
        TypeId.Dictionary => $"dictionary<{ValueType}, {IndexType}>",
        _ => Id.ToString().ToLowerInvariant(),
    };

    private static string UnitName(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
