namespace TrafficEngine.Columns;

/// <summary>
/// A read-only column in the Arrow memory layout: a type, a length, an element offset into its buffers
/// (non-zero after slicing) and a validity bitmap (empty when there are no nulls). Never sentinel values.
/// </summary>
public abstract class Column
{
    private protected Column(DataType type, int length, int offset, ArrowBuffer validity, int nullCount)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!validity.IsEmpty && validity.Length < BitUtil.BytesForBits((long)offset + length))
        {
            throw new ArgumentException($"Validity bitmap of {validity.Length} bytes is too short for {length} values at offset {offset}.", nameof(validity));
        }

        Type = type;
        Length = length;
        Offset = offset;
        Validity = validity;
        NullCount = validity.IsEmpty ? 0 : nullCount >= 0 ? nullCount : length - BitUtil.CountSet(validity.Span, offset, length);
    }

    public DataType Type { get; }

    public int Length { get; }

    /// <summary>Position of element 0 in the buffers, in elements (bits for booleans and validity).</summary>
    public int Offset { get; }

    /// <summary>The validity bitmap, bit set = value present; empty when every value is present.</summary>
    public ArrowBuffer Validity { get; }

    public int NullCount { get; }

    public bool IsValid(int index) => Validity.IsEmpty || BitUtil.GetBit(Validity.Span, Offset + index);

    public bool IsNull(int index) => !IsValid(index);

    /// <summary>A view of <paramref name="length"/> elements from <paramref name="offset"/>, sharing the buffers.</summary>
    public Column Slice(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - offset);
        return SliceCore(offset, length);
    }

    private protected abstract Column SliceCore(int offset, int length);

    /// <summary>The value at <paramref name="index"/> boxed, or null; for tests, diagnostics and edges, not hot paths.</summary>
    public abstract object? GetValue(int index);
}
