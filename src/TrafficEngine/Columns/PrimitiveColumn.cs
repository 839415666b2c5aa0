using System.Runtime.CompilerServices;

namespace TrafficEngine.Columns;

/// <summary>
/// A fixed-width column: integers, floats, timestamps (int64 in the type's unit) and date32 (int32 days).
/// </summary>
public sealed class Column<T> : Column
    where T : unmanaged
{
    public Column(DataType type, ArrowBuffer values, int length, ArrowBuffer validity = default, int nullCount = -1, int offset = 0)
        : base(type, length, offset, validity, nullCount)
    {
        if (type.ByteWidth != Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"A {type} column cannot hold values of {typeof(T).Name}.", nameof(type));
        }

        if (values.Length < ((long)offset + length) * Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"Values buffer of {values.Length} bytes is too short for {length} values at offset {offset}.", nameof(values));
        }

        ValuesBuffer = values;
    }

    public ArrowBuffer ValuesBuffer { get; }

    /// <summary>The values; slots that are null hold unspecified values (check <see cref="Column.IsValid"/>).</summary>
    public ReadOnlySpan<T> Values => ValuesBuffer.As<T>().Slice(Offset, Length);

    public T this[int index] => Values[index];

    public new Column<T> Slice(int offset, int length) => (Column<T>)base.Slice(offset, length);

    private protected override Column SliceCore(int offset, int length) =>
        new Column<T>(Type, ValuesBuffer, length, Validity, -1, Offset + offset);

    public override object? GetValue(int index) => IsValid(index) ? Values[index] : null;
}
