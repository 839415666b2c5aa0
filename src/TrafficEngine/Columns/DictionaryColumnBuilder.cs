namespace TrafficEngine.Columns;

/// <summary>
/// Builds a dictionary-encoded utf8 column with int32 indices; equal strings share one dictionary entry.
/// </summary>
public sealed class DictionaryColumnBuilder
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly StringColumnBuilder _dictionary = new();
    private readonly ColumnBuilder<int> _indices = new(DataType.Int32);

    public int Length => _indices.Length;

    public void Append(string? value)
    {
        if (value is null)
        {
            _indices.AppendNull();
            return;
        }

        if (!_positions.TryGetValue(value, out int position))
        {
            position = _positions.Count;
            _positions.Add(value, position);
            _dictionary.Append(value);
        }

        _indices.Append(position);
    }

    public void AppendNull() => _indices.AppendNull();

    public DictionaryColumn Build()
    {
        var column = new DictionaryColumn(_indices.Build(), _dictionary.Build());
        _positions.Clear();
        return column;
    }
}
