using System.Runtime.CompilerServices;

namespace TrafficEngine.IO;

/// <summary>
/// Reads the records of a CSV file (or of a line-oriented layout like T-Drive's): one physical line each, except that a
/// quoted field may hold line breaks (RFC 4180), so a record whose line ends inside an open quoted field continues on the next lines
/// (joined with "\n"). <see cref="LineNumber"/> is the physical line where the record starts. A record still open at
/// the end of the file, or longer than <see cref="MaxRecordBytes"/>, is returned as it stands (it then fails to
/// tokenize and is quarantined as one row at its start line, its raw text holding every line it swallowed).
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    public const int MaxRecordBytes = 1 << 20;

    private readonly LineReader _lines;
    private byte[] _record = [];

    public CsvRecordReader(string path)
    {
        _lines = new LineReader(path);
    }

    /// <summary>1-based physical line where the record last returned starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>1-based physical line where the record last returned ends (above <see cref="LineNumber"/> when a quoted field held line breaks).</summary>
    public long EndLineNumber => _lines.LineNumber;

    /// <inheritdoc cref="LineReader.Position"/>
    public long Position => _lines.Position;

    public long Length => _lines.Length;

    /// <summary>The next record (valid until the next call); false at the end of the file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called per row: see ProbeFileReader on tier-0 code
    public bool TryReadRecord(out ReadOnlySpan<byte> record)
    {
        if (!_lines.TryReadLine(out record))
        {
            return false;
        }

        LineNumber = _lines.LineNumber;
        if (record.IndexOf((byte)'"') < 0 || !EndsInsideQuotes(record, inside: false))
        {
            return true;
        }

        int length = 0;
        Append(record, ref length);
        bool inside = true;
        while (inside && length <= MaxRecordBytes && _lines.TryReadLine(out ReadOnlySpan<byte> next))
        {
            Append("\n"u8, ref length);
            Append(next, ref length);
            inside = EndsInsideQuotes(next, inside: true);
        }

        record = _record.AsSpan(0, length);
        return true;
    }

    /// <inheritdoc cref="LineReader.Buffered"/>
    public ReadOnlySpan<byte> Buffered => _lines.Buffered;

    /// <summary>Consumes one line of <see cref="Buffered"/> as the next record: for a caller that parsed the line itself and found no quote in it.</summary>
    public void SkipLine(int bytes)
    {
        _lines.SkipLine(bytes);
        LineNumber = _lines.LineNumber;
    }

    public void Dispose() => _lines.Dispose();

    /// <summary>Whether a line, starting inside a quoted field or at the start of a record, ends inside a quoted field.</summary>
    internal static bool EndsInsideQuotes(ReadOnlySpan<byte> line, bool inside)
    {
        int i = 0;
        bool fieldStart = !inside;
        while (i < line.Length)
        {
            if (inside)
            {
                int quote = line[i..].IndexOf((byte)'"');
                if (quote < 0)
                {
                    return true;
                }

                i += quote + 1;
                if (i < line.Length && line[i] == (byte)'"')
                {
                    i++; // a doubled quote inside the field
                    continue;
                }

                inside = false;
                fieldStart = false;
                continue;
            }

            if (fieldStart && line[i] == (byte)'"')
            {
                inside = true;
                i++;
                continue;
            }

            int comma = line[i..].IndexOf((byte)',');
            if (comma < 0)
            {
                return false;
            }

            i += comma + 1;
            fieldStart = true;
        }

        return inside;
    }

    private void Append(ReadOnlySpan<byte> bytes, ref int length)
    {
        if (length + bytes.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(_record.Length * 2, Math.Max(length + bytes.Length, 256)));
        }

        bytes.CopyTo(_record.AsSpan(length));
        length += bytes.Length;
    }
}
