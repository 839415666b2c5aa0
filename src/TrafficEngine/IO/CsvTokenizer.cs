namespace TrafficEngine.IO;

/// <summary>
/// Splits one CSV line into fields in place (RFC 4180: fields in double quotes may hold commas and doubled quotes).
/// Unquoted fields and quoted fields without escapes are views of the line; only fields with doubled quotes are
/// copied, into a reused scratch buffer. A record may hold line breaks inside quoted fields (<see cref="CsvRecordReader"/>
/// joins its lines); they are kept as "\n".
/// </summary>
internal sealed class CsvTokenizer
{
    private int[] _start = new int[16];
    private int[] _length = new int[16];
    private bool[] _inScratch = new bool[16];
    private byte[] _scratch = new byte[256];
    private int _scratchLength;

    /// <summary>Index of the field with a malformed quote after <see cref="Tokenize"/> returned -1.</summary>
    public int BadField { get; private set; }

    /// <summary>Splits <paramref name="line"/>; returns the field count, or -1 for a malformed quoted field.</summary>
    public int Tokenize(ReadOnlySpan<byte> line)
    {
        int count = 0;
        int pos = 0;
        _scratchLength = 0;
        while (true)
        {
            if (count == _start.Length)
            {
                Array.Resize(ref _start, count * 2);
                Array.Resize(ref _length, count * 2);
                Array.Resize(ref _inScratch, count * 2);
            }

            if (pos < line.Length && line[pos] == (byte)'"')
            {
                int end = QuotedField(line, pos, count);
                if (end < 0)
                {
                    BadField = count;
                    return -1;
                }

                count++;
                if (end == line.Length)
                {
                    return count;
                }

                if (line[end] != (byte)',')
                {
                    BadField = count - 1;
                    return -1;
                }

                pos = end + 1;
                continue;
            }

            int comma = line[pos..].IndexOf((byte)',');
            _inScratch[count] = false;
            _start[count] = pos;
            if (comma < 0)
            {
                _length[count] = line.Length - pos;
                return count + 1;
            }

            _length[count] = comma;
            pos += comma + 1;
            count++;
        }
    }

    /// <summary>Field <paramref name="index"/> of the line last tokenized (pass that same line).</summary>
    public ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index) => _inScratch[index]
        ? _scratch.AsSpan(_start[index], _length[index])
        : line.Slice(_start[index], _length[index]);

    /// <summary>Reads the quoted field opening at <paramref name="open"/>; returns the position after its closing quote or -1.</summary>
    private int QuotedField(ReadOnlySpan<byte> line, int open, int index)
    {
        int i = open + 1;
        bool escaped = false;
        while (true)
        {
            int quote = line[i..].IndexOf((byte)'"');
            if (quote < 0)
            {
                return -1;
            }

            quote += i;
            if (quote + 1 < line.Length && line[quote + 1] == (byte)'"')
            {
                escaped = true;
                i = quote + 2;
                continue;
            }

            ReadOnlySpan<byte> content = line[(open + 1)..quote];
            if (!escaped)
            {
                _inScratch[index] = false;
                _start[index] = open + 1;
                _length[index] = content.Length;
                return quote + 1;
            }

            if (_scratchLength + content.Length > _scratch.Length)
            {
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + content.Length));
            }

            int written = _scratchLength;
            for (int k = 0; k < content.Length; k++)
            {
                _scratch[written++] = content[k];
                if (content[k] == (byte)'"')
                {
                    k++; // skip the second quote of a doubled pair
                }
            }

            _inScratch[index] = true;
            _start[index] = _scratchLength;
            _length[index] = written - _scratchLength;
            _scratchLength = written;
            return quote + 1;
        }
    }
}
