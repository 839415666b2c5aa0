namespace TrafficEngine.Columns;

/// <summary>
/// A variable-length binary column: int32 offsets (length + 1 of them from <see cref="Column.Offset"/>) into a data
/// buffer. <see cref="StringColumn"/> is the same layout with UTF-8 content.
/// </summary>
public class BinaryColumn : Column
{
    public BinaryColumn(ArrowBuffer offsets, ArrowBuffer data, int length, ArrowBuffer validity = default, int nullCount = -1, int offset = 0)
        : this(DataType.Binary, offsets, data, length, validity, nullCount, offset)
    {
    }

    private protected BinaryColumn(DataType type, ArrowBuffer offsets, ArrowBuffer data, int length, ArrowBuffer validity, int nullCount, int offset)
        : base(type, length, offset, validity, nullCount)
    {
        if (offsets.Length < ((long)offset + length + 1) * sizeof(int))
        {
            throw new ArgumentException($"Offsets buffer of {offsets.Length} bytes is too short for {length} values at offset {offset}.", nameof(offsets));
        }

        ReadOnlySpan<int> view = offsets.As<int>().Slice(offset, length + 1);
        if (view[0] < 0 || view[^1] > data.Length || view[^1] < view[0])
        {
            throw new ArgumentException($"Value offsets {view[0]}..{view[^1]} fall outside the {data.Length}-byte data buffer.", nameof(offsets));
        }

        OffsetsBuffer = offsets;
        DataBuffer = data;
    }

    public ArrowBuffer OffsetsBuffer { get; }

    public ArrowBuffer DataBuffer { get; }

    /// <summary>The <see cref="Column.Length"/> + 1 offsets of this view.</summary>
    public ReadOnlySpan<int> Offsets => OffsetsBuffer.As<int>().Slice(Offset, Length + 1);

    public ReadOnlySpan<byte> GetBytes(int index)
    {
        ReadOnlySpan<int> offsets = Offsets;
        int start = offsets[index];
        int end = offsets[index + 1];
        if (start < 0 || end < start || end > DataBuffer.Length)
        {
            throw new InvalidDataException($"Value {index} has offsets {start}..{end} outside the {DataBuffer.Length}-byte data buffer.");
        }

        return DataBuffer.Span[start..end];
    }

    public new BinaryColumn Slice(int offset, int length) => (BinaryColumn)base.Slice(offset, length);

    private protected override Column SliceCore(int offset, int length) =>
        new BinaryColumn(OffsetsBuffer, DataBuffer, length, Validity, -1, Offset + offset);

    /// <summary>A copy of the bytes, or null.</summary>
    public override object? GetValue(int index) => IsValid(index) ? GetBytes(index).ToArray() : null;
}
