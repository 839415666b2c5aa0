using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TrafficEngine.Geo.Import;
using TrafficEngine.Ingest;

namespace Bench.Baseline;

/// <summary>
/// Reads a dBASE III/IV table (.dbf) record by record into one reused buffer: field descriptors, then fixed-width
/// records. Text is UTF-8 unless a .cpg beside it names another code page that .NET knows without extra providers.
/// </summary>
internal sealed class OldDbfReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string[] _names;
    private readonly int[] _offsets;
    private readonly int[] _widths;
    private readonly byte[] _record;
    private readonly Encoding _encoding;

    public OldDbfReader(string path)
    {
        Path = path;
        _stream = InputStreams.Open(path);
        Span<byte> header = stackalloc byte[32];
        if (_stream.ReadAtLeast(header, 32, throwOnEndOfStream: false) < 32)
        {
            throw new IngestException($"{path}: shorter than a dBASE header (empty input).", path);
        }

        RecordCount = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header[4..]), int.MaxValue);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (headerLength < 33 || recordLength < 1)
        {
            throw new IngestException($"{path}: not a dBASE file (header length {headerLength}, record length {recordLength}).", path);
        }

        byte[] descriptors = new byte[headerLength - 32];
        if (_stream.ReadAtLeast(descriptors, descriptors.Length, throwOnEndOfStream: false) < descriptors.Length)
        {
            throw new IngestException($"{path}: the field descriptors are cut short.", path);
        }

        var names = new List<string>();
        var offsets = new List<int>();
        var widths = new List<int>();
        int offset = 1; // the deletion flag
        for (int d = 0; d + 32 <= descriptors.Length && descriptors[d] != 0x0D; d += 32)
        {
            ReadOnlySpan<byte> name = descriptors.AsSpan(d, 11);
            int end = name.IndexOf((byte)0);
            names.Add(Encoding.ASCII.GetString(end < 0 ? name : name[..end]).Trim().ToLowerInvariant());
            offsets.Add(offset);
            widths.Add(descriptors[d + 16]);
            offset += descriptors[d + 16];
        }

        if (offset > recordLength)
        {
            throw new IngestException($"{path}: fields need {offset} bytes but records have {recordLength}.", path);
        }

        _names = [.. names];
        _offsets = [.. offsets];
        _widths = [.. widths];
        _record = new byte[recordLength];
        _encoding = CodePage(System.IO.Path.ChangeExtension(path, ".cpg"));
    }

    public string Path { get; }

    public int RecordCount { get; }

    /// <summary>Whether the current record is marked deleted.</summary>
    public bool Deleted => _record[0] == (byte)'*';

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

    public string NameOf(int field) => field >= 0 && field < _names.Length ? _names[field] : "?";

    public bool Next() => _stream.ReadAtLeast(_record, _record.Length, throwOnEndOfStream: false) == _record.Length && _record[0] != 0x1A;

    public ReadOnlySpan<byte> Bytes(int field) =>
        field < 0 ? default : _record.AsSpan(_offsets[field], _widths[field]).Trim((byte)' ').TrimEnd((byte)0);

    public string? Text(int field)
    {
        ReadOnlySpan<byte> bytes = Bytes(field);
        return bytes.IsEmpty ? null : _encoding.GetString(bytes);
    }

    public bool TryLong(int field, out long value)
    {
        ReadOnlySpan<byte> bytes = Bytes(field);
        if (long.TryParse(bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // Numeric fields written as floats ("12.000"): whole numbers only.
        if (double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    public void Dispose() => _stream.Dispose();

    private static Encoding CodePage(string cpgPath)
    {
        if (!File.Exists(cpgPath))
        {
            return Encoding.UTF8;
        }

        string name = File.ReadAllText(cpgPath).Trim();
        try
        {
            return name.Length == 0 ? Encoding.UTF8 : Encoding.GetEncoding(name.Equals("UTF8", StringComparison.OrdinalIgnoreCase) ? "utf-8" : name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
