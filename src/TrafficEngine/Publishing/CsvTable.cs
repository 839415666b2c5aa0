using System.Text;
using TrafficEngine.IO;

namespace TrafficEngine.Publishing;

/// <summary>
/// A small published table built in memory with the engine's <see cref="CsvWriter"/> (its quoting, "\n" line ends and
/// number format), then saved in one go (UTF-8 without BOM).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Both wrap a StringWriter, which holds no resource: disposing it does nothing.")]
public sealed class CsvTable
{
    private readonly StringWriter _text = new(System.Globalization.CultureInfo.InvariantCulture);
    private readonly CsvWriter _writer;

    public CsvTable(params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _writer = new CsvWriter(_text, header);
    }

    /// <summary>Data rows so far.</summary>
    public long RowCount => _writer.RowCount;

    public CsvTable Add(string? value)
    {
        _writer.Add(value);
        return this;
    }

    public CsvTable Add(long value)
    {
        _writer.Add(value);
        return this;
    }

    /// <inheritdoc cref="CsvWriter.Add(double, int)"/>
    public CsvTable Add(double value, int decimals)
    {
        _writer.Add(value, decimals);
        return this;
    }

    public CsvTable Add(bool value)
    {
        _writer.Add(value);
        return this;
    }

    public void EndRow() => _writer.EndRow();

    public void Save(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public override string ToString() => _text.ToString();
}
