using System.Globalization;
using System.Text;

namespace TrafficEngine.IO;

/// <summary>
/// A header-first CSV file read record by record over <see cref="CsvRecordReader"/> and <see cref="CsvTokenizer"/>
/// (.csv or .csv.gz, RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; byte spans, no object
/// per row). Columns are found by name (case-insensitive, with aliases); text values are decoded into a reused char
/// buffer and short repeated strings are pooled. Positions are the line where the record starts (<see cref="Where"/>
/// says so when the record runs over several lines).
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly CsvRecordReader _reader;
    private readonly CsvTokenizer _tokenizer = new();
    private readonly string[] _names;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;
    private char[] _chars = new char[256];
    private byte[] _line = new byte[1024];
    private int _lineLength;
    private int _fieldCount;

    public CsvReader(string path)
    {
        Path = path;
        _reader = new CsvRecordReader(path);
        _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!_reader.TryReadRecord(out ReadOnlySpan<byte> header) || header.Trim((byte)' ').IsEmpty)
        {
            throw new UserInputException($"{path}: the file is empty (no header line).", path, 1);
        }

        int count = _tokenizer.Tokenize(header);
        if (count < 0)
        {
            throw new UserInputException($"{path}: line 1 (header): malformed quotes in column {_tokenizer.BadField + 1}.", path, 1);
        }

        _names = new string[count];
        for (int i = 0; i < count; i++)
        {
            _names[i] = Encoding.UTF8.GetString(_tokenizer.Field(header, i)).Trim().TrimStart('\uFEFF').ToLowerInvariant();
        }
    }

    public string Path { get; }

    /// <summary>1-based physical line where the current record starts.</summary>
    public long Line => _reader.LineNumber;

    /// <summary>"line 12", or "line 12 (where the record starts; it runs to line 14)" for a record over several lines.</summary>
    public string Where => _reader.EndLineNumber == Line
        ? $"line {Line.ToString(CultureInfo.InvariantCulture)}"
        : $"line {Line.ToString(CultureInfo.InvariantCulture)} (where the record starts; it runs to line {_reader.EndLineNumber.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>The error for a bad value in the current record: "{file}: {where}, field {name}: {reason}".</summary>
    public UserInputException Fail(int column, string reason) =>
        new($"{Path}: {Where}, field {NameOf(column)}: {reason}", Path, Line, NameOf(column));

    /// <summary>Fields in the current record.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>The column names of the header, lower case, in file order.</summary>
    public IReadOnlyList<string> Names => _names;

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
            : throw new UserInputException(
                $"{Path}: line 1 (header): required column {what} is missing (looked for {string.Join(", ", names)}; found {string.Join(", ", _names)}).",
                Path, 1, names[0]);
    }

    /// <summary>Moves to the next non-empty record; false at the end. A record with malformed quotes fails naming its line and field.</summary>
    public bool Next()
    {
        while (_reader.TryReadRecord(out ReadOnlySpan<byte> line))
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
                throw new UserInputException(
                    $"{Path}: {Where}, field {NameOf(_tokenizer.BadField)}: malformed quotes (a quoted field must close before the next comma or the end of the record; an inner quote is written twice).",
                    Path, Line, NameOf(_tokenizer.BadField));
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
