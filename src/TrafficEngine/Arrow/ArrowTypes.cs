using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>The Arrow types the engine writes, and type equality and names for checks and messages.</summary>
public static class ArrowTypes
{
    /// <summary>Milliseconds since the Unix epoch, UTC: every instant the engine stores.</summary>
    public static TimestampType TimestampMsUtc { get; } = new(TimeUnit.Millisecond, "UTC");

    /// <summary>Strings as int32 codes into a dictionary of values.</summary>
    public static DictionaryType DictionaryUtf8 { get; } = new(Int32Type.Default, StringType.Default, false);

    /// <summary>Strings as int16 codes into a dictionary of values (at most 32,767 distinct values).</summary>
    public static DictionaryType DictionaryUtf8Int16 { get; } = new(Int16Type.Default, StringType.Default, false);

    /// <summary>Whether two types are the same Arrow type (id, unit, time zone, index and value types).</summary>
    public static bool Same(IArrowType a, IArrowType b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.TypeId != b.TypeId)
        {
            return false;
        }

        return (a, b) switch
        {
            (TimestampType x, TimestampType y) => x.Unit == y.Unit && string.Equals(NormalZone(x.Timezone), NormalZone(y.Timezone), StringComparison.Ordinal),
            (DictionaryType x, DictionaryType y) => Same(x.IndexType, y.IndexType) && Same(x.ValueType, y.ValueType),
            (Time32Type x, Time32Type y) => x.Unit == y.Unit,
            (Time64Type x, Time64Type y) => x.Unit == y.Unit,
            (DurationType x, DurationType y) => x.Unit == y.Unit,
            (FixedSizeBinaryType x, FixedSizeBinaryType y) => x.ByteWidth == y.ByteWidth,
            (NestedType x, NestedType y) => x.Fields.Count == y.Fields.Count
                && x.Fields.Zip(y.Fields).All(p => p.First.Name == p.Second.Name && Same(p.First.DataType, p.Second.DataType)),
            _ => true,
        };
    }

    /// <summary>A short name such as <c>int64</c>, <c>timestamp[ms, UTC]</c> or <c>dictionary&lt;int32, utf8&gt;</c>.</summary>
    public static string Describe(IArrowType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            TimestampType t => $"timestamp[{Unit(t.Unit)}{(string.IsNullOrEmpty(t.Timezone) ? "" : $", {t.Timezone}")}]",
            DictionaryType d => $"dictionary<{Describe(d.IndexType)}, {Describe(d.ValueType)}>",
            StringType => "utf8",
            FloatType => "float32",
            DoubleType => "float64",
            HalfFloatType => "float16",
            _ => type.Name,
        };
    }

    private static string? NormalZone(string? zone) => zone is "+00:00" or "Z" or "Etc/UTC" ? "UTC" : zone;

    private static string Unit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
