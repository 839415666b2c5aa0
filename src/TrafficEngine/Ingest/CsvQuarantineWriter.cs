using System.Text;

namespace TrafficEngine.Ingest;

/// <summary>Writes rejected rows as CSV <c>file,line,reason,field,raw</c> with RFC 4180 quoting.</summary>
public sealed class CsvQuarantineWriter : IQuarantineSink, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    public CsvQuarantineWriter(TextWriter writer, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _ownsWriter = ownsWriter;
        _writer.Write("file,line,reason,field,raw\r\n");
    }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>, UTF-8 without BOM.</summary>
    public static CsvQuarantineWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        return new CsvQuarantineWriter(writer, ownsWriter: true);
    }

    public long RowCount { get; private set; }

    public void Write(QuarantinedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        WriteField(row.File);
        _writer.Write(',');
        _writer.Write(row.Line);
        _writer.Write(',');
        WriteField(row.Reason);
        _writer.Write(',');
        WriteField(row.Field ?? "");
        _writer.Write(',');
        WriteField(row.Raw);
        _writer.Write("\r\n");
        RowCount++;
    }

    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }

    /// <summary>Quotes a value when it holds a comma, quote, CR or LF, doubling inner quotes (RFC 4180).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private void WriteField(string value) => _writer.Write(Quote(value));
}
