using System.Runtime.CompilerServices;
using System.Text;
using TrafficEngine.Geo;
using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>
/// The read phase of the ingest: parses the rows of each input file from bytes in place, applies the per-row checks
/// (field count, missing and unparsable fields, bad coordinates, bounding box, time window), quarantines failures
/// with the raw line, and stores the rest in the <see cref="PartitionStore"/>. No allocation per row.
/// The per-row methods here and in the other phases are marked AggressiveOptimization: the CLI runs one ingest per
/// process, and tier-0 code for the first few hundred thousand rows cost more (measured: read phase of the T-Drive
/// file 300 ms against 450-750 ms cold) than tiered PGO later gains back.
/// </summary>
internal sealed partial class ProbeFileReader
{
    private readonly ProbeIngestOptions _options;
    private readonly VehicleTable _vehicles;
    private readonly PartitionStore _store;
    private readonly IQuarantineSink? _quarantine;
    private readonly IProgress<IngestProgress>? _progress;
    private readonly long _totalBytes;
    private readonly CsvHeader _header = new();
    private readonly CsvTokenizer _tokenizer = new();
    private readonly Crs _sourceCrs;
    private readonly BoundingBox? _box;
    private readonly long _fromUtcMs;
    private readonly long _toUtcMs;
    private readonly HashSet<string> _unknownColumns = new(StringComparer.Ordinal);
    private readonly byte[] _lastId = new byte[256];
    private int _lastIdLength = -1;
    private int _lastVehicle;
    private ulong _dateHead = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian("1970-01-01"u8); // the last date TryDays parsed
    private ushort _dateTail = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian("01"u8);
    private long _dateDays;
    private long _bytesBefore;
    private long _nextProgress;
    private string _path = "";
    private int _fileIndex;

    public ProbeFileReader(ProbeIngestOptions options, VehicleTable vehicles, PartitionStore store, IQuarantineSink? quarantine,
        IProgress<IngestProgress>? progress, long totalBytes)
    {
        _options = options;
        _vehicles = vehicles;
        _store = store;
        _quarantine = quarantine;
        _progress = progress;
        _totalBytes = totalBytes;
        _nextProgress = options.ProgressIntervalBytes;
        _sourceCrs = options.SourceCrs;
        _box = options.BoundingBox;
        _fromUtcMs = options.FromUtcMs ?? long.MinValue;
        _toUtcMs = options.ToUtcMs ?? long.MaxValue;
    }

    public long RowsRead { get; private set; }

    /// <summary>Rejected rows per <see cref="RejectCode"/>.</summary>
    public long[] Rejected { get; } = new long[RejectReason.All.Count + 1];

    public List<string> Warnings { get; } = [];

    public bool HasSpeed { get; private set; }

    public bool HasHeading { get; private set; }

    public bool HasOccupied { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadFile(string path, int fileIndex, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _path = path;
        _fileIndex = fileIndex;
        _lastIdLength = -1;
        bool csv = _options.Format == ProbeFormat.Csv;
        using var reader = new CsvRecordReader(path);
        bool headerRead = false;
        long linesSinceCheck = 0;
        while (true)
        {
            if (++linesSinceCheck == 65536)
            {
                linesSinceCheck = 0;
                cancellationToken.ThrowIfCancellationRequested();
                ReportProgress(reader.Position);
            }

            if (!csv && TryReadTDriveFast(reader))
            {
                continue;
            }

            if (!reader.TryReadRecord(out ReadOnlySpan<byte> line))
            {
                break;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (csv && !headerRead)
            {
                ReadHeader(line, reader.LineNumber);
                headerRead = true;
                continue;
            }

            RowsRead++;
            if (csv)
            {
                ReadCsvRow(line, reader.LineNumber);
            }
            else
            {
                ReadTDriveRow(line, reader.LineNumber);
            }
        }

        if (csv && !headerRead)
        {
            Warnings.Add($"{path}: the file is empty (no header row).");
        }

        _bytesBefore += reader.Length;
        ReportProgress(0, force: true);
    }

    private void ReportProgress(long positionInFile, bool force = false)
    {
        long bytes = _bytesBefore + positionInFile;
        if (_progress is not null && (force || bytes >= _nextProgress))
        {
            _progress.Report(new IngestProgress(bytes, _totalBytes, RowsRead));
            _nextProgress = bytes + _options.ProgressIntervalBytes;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accept(ReadOnlySpan<byte> id, long timestampMs, double lon, double lat, float speed, float heading, sbyte occupied,
        ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!double.IsFinite(lon) || lon == 0 || Math.Abs(lon) > 180)
        {
            Reject(RejectCode.BadCoordinate, CsvHeader.Lon, line, lineNumber);
            return;
        }

        if (!double.IsFinite(lat) || lat == 0 || Math.Abs(lat) > 90)
        {
            Reject(RejectCode.BadCoordinate, CsvHeader.Lat, line, lineNumber);
            return;
        }

        if (_sourceCrs != Crs.Wgs84)
        {
            (lon, lat) = CoordinateSystems.Convert(_sourceCrs, Crs.Wgs84, lon, lat);
        }

        if (_box is not null && !_box.Contains(lon, lat))
        {
            Reject(RejectCode.OutsideBbox, null, line, lineNumber);
            return;
        }

        if (timestampMs < _fromUtcMs || timestampMs >= _toUtcMs)
        {
            Reject(RejectCode.OutsideTimeWindow, CsvHeader.Timestamp, line, lineNumber);
            return;
        }

        if (id.Length != _lastIdLength || !id.SequenceEqual(_lastId.AsSpan(0, _lastIdLength)))
        {
            _lastVehicle = _vehicles.GetOrAdd(id);
            if (id.Length <= _lastId.Length)
            {
                id.CopyTo(_lastId);
                _lastIdLength = id.Length;
            }
            else
            {
                _lastIdLength = -1;
            }
        }

        _store.Add(_lastVehicle, timestampMs, lon, lat, speed, heading, occupied, _fileIndex, lineNumber);
    }

    /// <summary>
    /// The checks every layout shares: the four required fields present, the time and both coordinates parsable.
    /// Rejects the row with the first failing field and returns false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryParseRequired(ReadOnlySpan<byte> id, ReadOnlySpan<byte> time, ReadOnlySpan<byte> lonText, ReadOnlySpan<byte> latText,
        bool beijingLocalTime, ReadOnlySpan<byte> line, long lineNumber, out long timestampMs, out double lon, out double lat)
    {
        lon = lat = 0;
        timestampMs = 0;
        if (id.IsEmpty || time.IsEmpty || lonText.IsEmpty || latText.IsEmpty)
        {
            Reject(RejectCode.MissingField, id.IsEmpty ? CsvHeader.VehicleId : time.IsEmpty ? CsvHeader.Timestamp : lonText.IsEmpty ? CsvHeader.Lon : CsvHeader.Lat, line, lineNumber);
            return false;
        }

        bool timeParsed = beijingLocalTime
            ? FieldParsers.TryParseBeijingDateTime(time, out timestampMs)
            : FieldParsers.TryParseTimestamp(time, out timestampMs);
        string? badField = !timeParsed ? CsvHeader.Timestamp
            : !FieldParsers.TryParseDouble(lonText, out lon) ? CsvHeader.Lon
            : !FieldParsers.TryParseDouble(latText, out lat) ? CsvHeader.Lat
            : null;
        if (badField is not null)
        {
            Reject(RejectCode.UnparsableField, badField, line, lineNumber);
            return false;
        }

        return true;
    }

    private void Reject(RejectCode code, string? field, ReadOnlySpan<byte> line, long lineNumber)
    {
        Rejected[(int)code]++;
        _quarantine?.Write(new QuarantinedRow(_path, lineNumber, RejectReason.FromCode(code), field, Encoding.UTF8.GetString(line)));
    }
}
