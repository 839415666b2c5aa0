namespace TrafficEngine.Columns;

/// <summary>A bit-packed boolean column.</summary>
public sealed class BooleanColumn : Column
{
    public BooleanColumn(ArrowBuffer values, int length, ArrowBuffer validity = default, int nullCount = -1, int offset = 0)
        : base(DataType.Boolean, length, offset, validity, nullCount)
    {
        if (values.Length < BitUtil.BytesForBits((long)offset + length))
        {
            throw new ArgumentException($"Values bitmap of {values.Length} bytes is too short for {length} values at offset {offset}.", nameof(values));
        }

        ValuesBuffer = values;
    }

    public ArrowBuffer ValuesBuffer { get; }

    public bool this[int index] => GetBit(index);

    public bool GetBit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        return BitUtil.GetBit(ValuesBuffer.Span, Offset + index);
    }

    public new BooleanColumn Slice(int offset, int length) => (BooleanColumn)base.Slice(offset, length);

    private protected override Column SliceCore(int offset, int length) =>
        new BooleanColumn(ValuesBuffer, length, Validity, -1, Offset + offset);

    public override object? GetValue(int index) => IsValid(index) ? GetBit(index) : null;
}
