using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>Writes rejected rows as CSV <c>file,line,reason,field,raw</c> through the engine's <see cref="CsvWriter"/>.</summary>
public sealed class CsvQuarantineWriter : IQuarantineSink, IDisposable
{
    private static readonly string[] Header = ["file", "line", "reason", "field", "raw"];
    private readonly CsvWriter _csv;

    public CsvQuarantineWriter(TextWriter writer, bool ownsWriter = false)
    {
        _csv = new CsvWriter(writer, Header, ownsWriter);
    }

    private CsvQuarantineWriter(CsvWriter csv)
    {
        _csv = csv;
    }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>, UTF-8 without BOM.</summary>
    public static CsvQuarantineWriter Create(string path) => new(CsvWriter.Create(path, Header));

    public long RowCount => _csv.RowCount;

    public void Write(QuarantinedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _csv.Add(row.File).Add(row.Line).Add(row.Reason).Add(row.Field ?? "").Add(row.Raw).EndRow();
    }

    public void Dispose() => _csv.Dispose();
}
