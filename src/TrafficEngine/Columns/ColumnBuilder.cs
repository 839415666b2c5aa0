using System.Runtime.CompilerServices;

namespace TrafficEngine.Columns;

/// <summary>Builds a fixed-width <see cref="Column{T}"/>; ends in <see cref="Build"/>, after which it starts afresh.</summary>
public sealed class ColumnBuilder<T>
    where T : unmanaged
{
    private readonly BufferBuilder _values;
    private readonly ValidityBuilder _validity = new();

    public ColumnBuilder(DataType type, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.ByteWidth != Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"A {type} column cannot hold values of {typeof(T).Name}.", nameof(type));
        }

        Type = type;
        _values = new BufferBuilder(checked(capacity * Unsafe.SizeOf<T>()));
    }

    public DataType Type { get; }

    public int Length { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        _values.Append(value);
        _validity.AppendValid();
        Length++;
    }

    public void Append(T? value)
    {
        if (value.HasValue)
        {
            Append(value.Value);
        }
        else
        {
            AppendNull();
        }
    }

    public void AppendNull()
    {
        _values.Append(default(T));
        _validity.AppendNull();
        Length++;
    }

    public void AppendRange(ReadOnlySpan<T> values)
    {
        _values.Append(values);
        _validity.AppendValid(values.Length);
        Length += values.Length;
    }

    public Column<T> Build()
    {
        int nulls = _validity.NullCount;
        var column = new Column<T>(Type, _values.Build(), Length, _validity.Build(), nulls);
        Length = 0;
        return column;
    }
}
