using System.Globalization;
using System.Text;
using NetTopologySuite.IO.Esri.Dbf;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// A shapefile's attribute table (.dbf) read record by record through NetTopologySuite's <see cref="DbfReader"/>
/// (text in the .cpg's code page, else UTF-8), with the checks the library leaves to its caller: a table shorter than
/// its header says fails as truncated (the library does not check short reads), and a numeric or date field whose
/// bytes do not parse fails naming the record and the field (the library throws a bare <see cref="FormatException"/>).
/// </summary>
internal sealed class DbfTable : IDisposable
{
    private const int HeaderBytes = 32;
    private const int DescriptorBytes = 32;
    private readonly DbfReader _reader;
    private readonly int _headerSize;

    public DbfTable(string path)
    {
        Path = path;
        long length = new FileInfo(path).Length;
        if (length < HeaderBytes)
        {
            throw new UserInputException($"{path}: shorter than a dBASE header (empty input).", path);
        }

        try
        {
            _reader = new DbfReader(path);
        }
        catch (Exception e) when (e is NotSupportedException or FileLoadException or InvalidDataException or ArgumentException or IOException)
        {
            throw new UserInputException($"{path}: not a readable dBASE III table: {e.Message}", path, innerException: e);
        }

        _headerSize = HeaderBytes + (DescriptorBytes * _reader.Fields.Count) + 1;
        long records = (length - _headerSize) / Math.Max(1, _reader.RecordSize);
        if (records < _reader.RecordCount)
        {
            _reader.Dispose();
            throw new UserInputException(
                $"{path}: its header counts {_reader.RecordCount} records of {_reader.RecordSize} bytes but the file holds {records} (file truncated).", path);
        }
    }

    public string Path { get; }

    /// <summary>The 1-based number of the current record (0 before the first).</summary>
    public int Record { get; private set; }

    /// <summary>The first of these fields the table has (names compared ignoring case), else null.</summary>
    public DbfField? Find(params string[] names)
    {
        foreach (string name in names)
        {
            if (_reader.Fields[name] is { } field)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Moves to the next record; false after the last.</summary>
    public bool Next(out bool deleted)
    {
        try
        {
            if (!_reader.Read(out deleted))
            {
                return false;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            int record = Record + 1;
            (string field, string text) = BadValue(record);
            throw new UserInputException(
                $"{Path}: record {record.ToString(CultureInfo.InvariantCulture)}, field '{field}': '{text}' is not a value of the field's type (a corrupt table): {e.Message}",
                Path, record, field, e);
        }

        Record++;
        return true;
    }

    /// <summary>The current record's value of <paramref name="field"/> as text; null when absent or blank.</summary>
    public static string? Text(DbfField? field) => field?.Value switch
    {
        null => null,
        string s => s.Trim() is { Length: > 0 } trimmed ? trimmed : null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        object other => other.ToString(),
    };

    /// <summary>The current record's value of <paramref name="field"/> as a whole number ("12", 12, 12.0).</summary>
    public static bool TryLong(DbfField? field, out long value)
    {
        value = 0;
        switch (field?.Value)
        {
            case int i:
                value = i;
                return true;
            case long l:
                value = l;
                return true;
            case double d when d == Math.Floor(d) && Math.Abs(d) < 9e15:
                value = (long)d;
                return true;
            case decimal m when m == decimal.Floor(m) && m >= long.MinValue && m <= long.MaxValue:
                value = (long)m;
                return true;
            case string s:
                if (long.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                        CultureInfo.InvariantCulture, out value))
                {
                    return true;
                }

                // Whole numbers written as floats ("12.000").
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f == Math.Floor(f) && Math.Abs(f) < 9e15)
                {
                    value = (long)f;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Finds the field of a record that the library could not parse, from the record's bytes.</summary>
    private (string Field, string Text) BadValue(int record)
    {
        byte[] bytes = new byte[_reader.RecordSize];
        using (var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            file.Position = _headerSize + ((long)(record - 1) * _reader.RecordSize);
            file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }

        int offset = 1; // the deletion flag
        foreach (DbfField field in _reader.Fields)
        {
            string text = Encoding.ASCII.GetString(bytes, offset, Math.Min(field.Length, bytes.Length - offset)).Trim('\0', ' ', '*');
            offset += field.Length;
            bool parses = text.Length == 0 || field switch
            {
                DbfNumericInt32Field => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
                DbfNumericInt64Field => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
                DbfNumericDecimalField => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                DbfNumericField => double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _),
                DbfDateField => text == "00000000" || DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                _ => true,
            };
            if (!parses)
            {
                return (field.Name, text);
            }
        }

        return ("?", "?");
    }
}
