using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>
/// Builds a dictionary-encoded utf8 array: int32 codes in order of first appearance into the distinct values.
/// To write several batches of one file, keep one builder's <see cref="BuildDictionary"/> for all of them
/// (an Arrow IPC file holds one dictionary per column; see <see cref="ArrowFileOutput"/>).
/// </summary>
public sealed class DictionaryArrayBuilder
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private readonly FixedWidthArrayBuilder<int> _indices;

    public DictionaryArrayBuilder(int capacity = 1024)
    {
        _indices = new FixedWidthArrayBuilder<int>(Int32Type.Default, capacity);
    }

    public int Length => _indices.Length;

    /// <summary>The number of distinct values so far.</summary>
    public int ValueCount => _values.Count;

    /// <summary>Appends a value (null for a null) and returns its code (-1 for a null).</summary>
    public int Append(string? value)
    {
        if (value is null)
        {
            _indices.AppendNull();
            return -1;
        }

        int code = CodeOf(value);
        _indices.Append(code);
        return code;
    }

    public void AppendNull() => _indices.AppendNull();

    /// <summary>The code of <paramref name="value"/>, adding it to the dictionary if new (appends no row).</summary>
    public int CodeOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_codes.TryGetValue(value, out int code))
        {
            code = _values.Count;
            _codes.Add(value, code);
            _values.Add(value);
        }

        return code;
    }

    /// <summary>The distinct values in code order.</summary>
    public StringArray BuildDictionary() => ArrowArrays.Strings(_values);

    public DictionaryArray Build() => ArrowArrays.Dictionary(_indices.Build(), BuildDictionary());
}
