using System.Globalization;
using System.Text;
using TrafficEngine.Ingest;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// A header-first CSV file read row by row over the ingest's <see cref="LineReader"/> and <see cref="CsvTokenizer"/>
/// (.csv or .csv.gz, byte spans, no object per row). Columns are found by name (case-insensitive, with aliases);
/// text values are decoded into a reused char buffer and short repeated strings are pooled.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly LineReader _reader;
    private readonly CsvTokenizer _tokenizer = new();
    private readonly string[] _names;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;
    private char[] _chars = new char[256];
    private byte[] _line = new byte[1024];
    private int _lineLength;
    private int _fieldCount;

    public CsvTable(string path)
    {
        Path = path;
        _reader = new LineReader(path);
        _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!_reader.TryReadLine(out ReadOnlySpan<byte> header) || header.Trim((byte)' ').IsEmpty)
        {
            throw new IngestException($"{path}: the file is empty (no header line).", path, 1);
        }

        int count = _tokenizer.Tokenize(header);
        if (count < 0)
        {
            throw new IngestException($"{path}: line 1 (header): malformed quotes in column {_tokenizer.BadField + 1}.", path, 1);
        }

        _names = new string[count];
        for (int i = 0; i < count; i++)
        {
            _names[i] = Encoding.UTF8.GetString(_tokenizer.Field(header, i)).Trim().TrimStart('\uFEFF').ToLowerInvariant();
        }
    }

    public string Path { get; }

    /// <summary>1-based physical line of the current row.</summary>
    public long Line => _reader.LineNumber;

    public string Where => $"line {Line.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Position of the first column named like one of <paramref name="names"/>, or -1.</summary>
    public int Find(params string[] names)
    {
        foreach (string name in names)
        {
            int index = Array.IndexOf(_names, name);
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Like <see cref="Find"/>, failing with the file, the header line and the names tried.</summary>
    public int Require(string what, params string[] names)
    {
        int index = Find(names);
        return index >= 0
            ? index
            : throw new IngestException(
                $"{Path}: line 1 (header): required column {what} is missing (looked for {string.Join(", ", names)}; found {string.Join(", ", _names)}).",
                Path, 1, names[0]);
    }

    /// <summary>Moves to the next non-empty row; false at the end. Rows with malformed quotes or too few fields fail clearly.</summary>
    public bool Next()
    {
        while (_reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            if (line.Length > _line.Length)
            {
                _line = new byte[Math.Max(line.Length, _line.Length * 2)];
            }

            line.CopyTo(_line);
            _lineLength = line.Length;
            _fieldCount = _tokenizer.Tokenize(line);
            if (_fieldCount < 0)
            {
                throw new IngestException($"{Path}: {Where}: malformed quotes in column '{NameOf(_tokenizer.BadField)}'.", Path, Line, NameOf(_tokenizer.BadField));
            }

            return true;
        }

        return false;
    }

    public string NameOf(int column) => column >= 0 && column < _names.Length ? _names[column] : $"#{column + 1}";

    /// <summary>The raw bytes of a column in the current row; empty when the row is short or the column absent.</summary>
    public ReadOnlySpan<byte> Bytes(int column) =>
        column >= 0 && column < _fieldCount ? _tokenizer.Field(_line.AsSpan(0, _lineLength), column).Trim((byte)' ') : default;

    /// <summary>The column decoded as text into a reused buffer (valid until the next call).</summary>
    public ReadOnlySpan<char> Chars(int column)
    {
        ReadOnlySpan<byte> bytes = Bytes(column);
        if (bytes.Length > _chars.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        return _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
    }

    /// <summary>The column as a pooled string (the same instance for equal values); null when empty.</summary>
    public string? Text(int column)
    {
        ReadOnlySpan<char> chars = Chars(column);
        if (chars.IsEmpty)
        {
            return null;
        }

        if (_poolLookup.TryGetValue(chars, out string? pooled))
        {
            return pooled;
        }

        string value = chars.ToString();
        if (_pool.Count < 1 << 20)
        {
            _pool[value] = value;
        }

        return value;
    }

    public bool TryLong(int column, out long value) =>
        long.TryParse(Bytes(column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public bool TryDouble(int column, out double value) =>
        double.TryParse(Bytes(column), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public void Dispose() => _reader.Dispose();
}
