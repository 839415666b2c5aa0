using System.Globalization;
using System.Text;

namespace TrafficEngine.IO;

/// <summary>
/// The one CSV writer of the engine, for every CSV output (published tables, the quarantine): RFC 4180 fields, quoted
/// only when they hold a comma, quote, CR or LF (inner quotes doubled); "\n" line ends; UTF-8 without BOM for files;
/// numbers in the invariant culture, shortest round-trippable (<c>double.ToString("R")</c>), NaN and infinities as
/// empty fields, -0 as 0. Every row must have as many fields as the header.
/// </summary>
public sealed class CsvWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly int _columns;
    private int _field;

    public CsvWriter(TextWriter writer, IReadOnlyList<string> header, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentOutOfRangeException.ThrowIfZero(header.Count);
        _writer = writer;
        _ownsWriter = ownsWriter;
        _columns = header.Count;
        foreach (string name in header)
        {
            Add(name);
        }

        EndRow();
        RowCount = 0;
    }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>, UTF-8 without BOM, and writes the header.</summary>
    public static CsvWriter Create(string path, params string[] header)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        return new CsvWriter(writer, header, ownsWriter: true);
    }

    /// <summary>Data rows written (the header not counted).</summary>
    public long RowCount { get; private set; }

    /// <summary>A text field (null: an empty field).</summary>
    public CsvWriter Add(string? value)
    {
        Separate();
        if (value is not null)
        {
            if (NeedsQuotes(value))
            {
                _writer.Write('"');
                _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(value);
            }
        }

        return this;
    }

    public CsvWriter Add(long value)
    {
        Separate();
        Span<char> text = stackalloc char[20];
        _writer.Write(text[..Format(value, text)]);
        return this;
    }

    /// <summary>A number, shortest round-trippable; empty when not finite.</summary>
    public CsvWriter Add(double value) => Add(Format(value));

    /// <summary>A number rounded to at most <paramref name="decimals"/> decimals, then written shortest; empty when not finite.</summary>
    public CsvWriter Add(double value, int decimals) => Add(double.IsFinite(value) ? Format(Math.Round(value, decimals)) : null);

    public CsvWriter Add(bool value) => Add(value ? "true" : "false");

    /// <summary>Ends the row; fails (a bug in the caller) when the row has more or fewer fields than the header.</summary>
    public void EndRow()
    {
        if (_field != _columns)
        {
            throw new InvalidOperationException($"A CSV row has {_field} fields; the header has {_columns}.");
        }

        _writer.Write('\n');
        _field = 0;
        RowCount++;
    }

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }

    /// <summary>The value as one RFC 4180 field: quoted when it holds a comma, quote, CR or LF, inner quotes doubled.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NeedsQuotes(value) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The number as the writer writes it: invariant, shortest round-trippable, null when not finite, -0 as "0".</summary>
    public static string? Format(double value) =>
        !double.IsFinite(value) ? null : value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);

    private static int Format(long value, Span<char> text) =>
        value.TryFormat(text, out int written, provider: CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("A long needs at most 20 characters.");

    private static bool NeedsQuotes(string value) => value.AsSpan().IndexOfAny(",\"\r\n") >= 0;

    private void Separate()
    {
        if (_field > 0)
        {
            _writer.Write(',');
        }

        _field++;
    }
}
