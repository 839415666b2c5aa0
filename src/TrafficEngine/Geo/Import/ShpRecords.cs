using System.Buffers.Binary;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using NetTopologySuite.IO.Esri.Shp;
using NetTopologySuite.IO.Esri.Shp.Readers;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// The shapes (.shp) of a PolyLine, PolyLineZ or PolyLineM shapefile, read record by record through
/// NetTopologySuite's <see cref="ShpReader{T}"/>. Each record's header is checked against the file before the
/// library reads it, because the library does not check short reads (a truncated file would hand it bytes left in a
/// pooled buffer), trusts part and point counts, and skips a shape of another type without saying which record it
/// was. A truncated or impossible record fails the import; a null shape, a shape of another type or counts that do not
/// fit the record come back as the record's error, and the reader moves on.
/// </summary>
internal sealed class ShpRecords : IDisposable
{
    private const int HeaderBytes = 100;
    private const int RecordHeaderBytes = 8;
    private const int PolyLineFixedBytes = 44; // type, bounding box, part count, point count
    private readonly FileStream _stream;
    private readonly ShpReader<MultiLineString> _reader;
    private readonly long _end;
    private readonly int _type;
    private readonly byte[] _peek = new byte[RecordHeaderBytes + PolyLineFixedBytes];

    public ShpRecords(string path)
    {
        Path = path;
        Stream opened = InputFile.Open(path);
        if (opened is not FileStream file)
        {
            opened.Dispose();
            throw new UserInputException($"{path}: a shapefile is read uncompressed (unpack it first).", path);
        }

        _stream = file;
        try
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (_stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            {
                throw new UserInputException($"{path}: shorter than a shapefile header (empty input).", path);
            }

            int code = BinaryPrimitives.ReadInt32BigEndian(header);
            if (code != 9994)
            {
                throw new UserInputException($"{path}: not a shapefile (file code {code}, expected 9994).", path);
            }

            _type = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
            if (_type is not (3 or 13 or 23))
            {
                throw new UserInputException($"{path}: shape type {_type} is not PolyLine (3), PolyLineZ (13) or PolyLineM (23); road edges must be lines.", path, field: "shape");
            }

            long declared = BinaryPrimitives.ReadInt32BigEndian(header[24..]) * 2L;
            if (declared > _stream.Length)
            {
                throw new UserInputException($"{path}: its header says {declared} bytes but the file holds {_stream.Length} (file truncated).", path);
            }

            _end = Math.Max(declared, HeaderBytes);
            _stream.Position = 0;
            _reader = (ShpReader<MultiLineString>)Shp.OpenRead(_stream, new ShapefileReaderOptions { GeometryBuilderMode = GeometryBuilderMode.Strict });
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>The 1-based number of the current record (0 before the first).</summary>
    public int Record { get; private set; }

    /// <summary>
    /// Moves to the next record: false after the last; otherwise the record's shape, or null and the reason it has
    /// none (null shape, another shape type, counts that do not fit, a part the library refuses).
    /// </summary>
    public bool Next(out MultiLineString? shape, out string? error)
    {
        shape = null;
        error = null;
        long at = _stream.Position;
        if (at >= _end)
        {
            return false;
        }

        Record++;
        string record = Record.ToString(CultureInfo.InvariantCulture);
        int read = _stream.ReadAtLeast(_peek, _peek.Length, throwOnEndOfStream: false);
        long length = read < RecordHeaderBytes + 4 ? -1 : BinaryPrimitives.ReadInt32BigEndian(_peek.AsSpan(4)) * 2L;
        if (length < 4 || at + RecordHeaderBytes + length > _end)
        {
            throw new UserInputException(
                $"{Path}: record {record}: content length {length} bytes does not fit the {_end - at - RecordHeaderBytes} bytes left (file truncated or corrupt).",
                Path, Record, "shape");
        }

        long next = at + RecordHeaderBytes + length;
        int type = BinaryPrimitives.ReadInt32LittleEndian(_peek.AsSpan(RecordHeaderBytes));
        error = type == 0 ? "null shape"
            : type != _type ? $"shape type {type} is not the file's polyline type {_type}"
            : length < PolyLineFixedBytes ? $"{length}-byte record is too short for a polyline"
            : CountsProblem(length);
        if (error is null)
        {
            _stream.Position = at;
            try
            {
                if (!_reader.Read())
                {
                    throw new InvalidOperationException($"{Path}: record {record}: the shapefile reader stopped before the end of the file.");
                }

                shape = _reader.Shape;
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                error = e.Message; // e.g. a part of one point (not a line), or part offsets out of order
            }
        }

        _stream.Position = next;
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    private string? CountsProblem(long length)
    {
        int parts = BinaryPrimitives.ReadInt32LittleEndian(_peek.AsSpan(RecordHeaderBytes + 36));
        int points = BinaryPrimitives.ReadInt32LittleEndian(_peek.AsSpan(RecordHeaderBytes + 40));
        long needed = PolyLineFixedBytes + (4L * parts) + (16L * points);
        return parts < 1 || points < 0 || needed > length
            ? $"{parts} parts and {points} points do not fit the {length}-byte record"
            : null;
    }
}
