using System.Text;

namespace TrafficEngine.Columns;

/// <summary>A utf8 column: the <see cref="BinaryColumn"/> layout holding UTF-8 text.</summary>
public sealed class StringColumn : BinaryColumn
{
    public StringColumn(ArrowBuffer offsets, ArrowBuffer data, int length, ArrowBuffer validity = default, int nullCount = -1, int offset = 0)
        : base(DataType.Utf8, offsets, data, length, validity, nullCount, offset)
    {
    }

    public string? GetString(int index) => IsValid(index) ? Encoding.UTF8.GetString(GetBytes(index)) : null;

    public new StringColumn Slice(int offset, int length) => (StringColumn)base.Slice(offset, length);

    private protected override Column SliceCore(int offset, int length) =>
        new StringColumn(OffsetsBuffer, DataBuffer, length, Validity, -1, Offset + offset);

    public override object? GetValue(int index) => GetString(index);
}
