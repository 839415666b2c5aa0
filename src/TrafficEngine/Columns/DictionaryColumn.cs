namespace TrafficEngine.Columns;

/// <summary>A dictionary-encoded utf8 column: integer indices into a dictionary of strings.</summary>
public sealed class DictionaryColumn : Column
{
    public DictionaryColumn(Column indices, StringColumn dictionary, bool ordered = false)
        : base(DataType.Dictionary(CheckIndices(indices).Type, DataType.Utf8, ordered), indices.Length, indices.Offset, indices.Validity, indices.NullCount)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        Indices = indices;
        Dictionary = dictionary;
    }

    /// <summary>The integer index column; its validity is this column's validity.</summary>
    public Column Indices { get; }

    public StringColumn Dictionary { get; }

    /// <summary>The dictionary position of element <paramref name="index"/>.</summary>
    public long GetIndex(int index) => Indices switch
    {
        Column<int> c => c.Values[index],
        Column<short> c => c.Values[index],
        Column<sbyte> c => c.Values[index],
        Column<long> c => c.Values[index],
        Column<byte> c => c.Values[index],
        Column<ushort> c => c.Values[index],
        Column<uint> c => c.Values[index],
        Column<ulong> c => checked((long)c.Values[index]),
        _ => throw new InvalidOperationException($"Unsupported dictionary index column {Indices.Type}."),
    };

    public string? GetString(int index)
    {
        if (IsNull(index))
        {
            return null;
        }

        long position = GetIndex(index);
        if (position < 0 || position >= Dictionary.Length)
        {
            throw new InvalidDataException($"Dictionary index {position} at row {index} is outside a dictionary of {Dictionary.Length} values.");
        }

        return Dictionary.GetString((int)position);
    }

    public new DictionaryColumn Slice(int offset, int length) => (DictionaryColumn)base.Slice(offset, length);

    private protected override Column SliceCore(int offset, int length) =>
        new DictionaryColumn(Indices.Slice(offset, length), Dictionary, Type.Ordered);

    public override object? GetValue(int index) => GetString(index);

    private static Column CheckIndices(Column indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (!indices.Type.IsInteger)
        {
            throw new ArgumentException($"Dictionary indices must be integers, not {indices.Type}.", nameof(indices));
        }

        return indices;
    }
}
