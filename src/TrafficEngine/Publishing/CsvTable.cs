using System.Globalization;
using System.Text;

namespace TrafficEngine.Publishing;

/// <summary>
/// A small RFC 4180 CSV writer for published tables: UTF-8 without BOM, LF line ends, invariant numbers, fields quoted
/// only when they hold a comma, quote or line break. NaN and infinities are written as empty fields.
/// </summary>
public sealed class CsvTable
{
    private readonly StringBuilder _text = new();
    private readonly int _columns;
    private int _field;

    public CsvTable(params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _columns = header.Length;
        foreach (string name in header)
        {
            Add(name);
        }

        EndRow();
    }

    public CsvTable Add(string? value)
    {
        if (_field > 0)
        {
            _text.Append(',');
        }

        _field++;
        if (value is null)
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            _text.Append(value);
        }

        return this;
    }

    public CsvTable Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number with at most <paramref name="decimals"/> decimals; empty when not finite.</summary>
    public CsvTable Add(double value, int decimals) =>
        Add(double.IsFinite(value) ? Math.Round(value, decimals).ToString("0.##########", CultureInfo.InvariantCulture) : null);

    public CsvTable Add(bool value) => Add(value ? "true" : "false");

    public void EndRow()
    {
        if (_field != _columns)
        {
            throw new InvalidOperationException($"A row has {_field} fields; the header has {_columns}.");
        }

        _text.Append('\n');
        _field = 0;
    }

    public void Save(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public override string ToString() => _text.ToString();
}
