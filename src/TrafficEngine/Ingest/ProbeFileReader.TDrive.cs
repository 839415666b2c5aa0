using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>The tdrive layout: no header, <c>taxi_id,YYYY-MM-DD HH:MM:SS,lon,lat</c> in Beijing local time.</summary>
internal sealed partial class ProbeFileReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadTDriveRow(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (line.Contains((byte)'"'))
        {
            ReadQuotedTDriveRow(line, lineNumber);
            return;
        }

        ReadOnlySpan<byte> rest = line;
        int comma = rest.IndexOf((byte)',');
        if (comma < 0)
        {
            Reject(RejectCode.WrongFieldCount, null, line, lineNumber);
            return;
        }

        ReadOnlySpan<byte> id = rest[..comma];
        rest = rest[(comma + 1)..];
        comma = rest.IndexOf((byte)',');
        if (comma < 0)
        {
            Reject(RejectCode.WrongFieldCount, null, line, lineNumber);
            return;
        }

        ReadOnlySpan<byte> time = rest[..comma];
        rest = rest[(comma + 1)..];
        comma = rest.IndexOf((byte)',');
        if (comma < 0 || rest[(comma + 1)..].Contains((byte)','))
        {
            Reject(RejectCode.WrongFieldCount, null, line, lineNumber);
            return;
        }

        ReadOnlySpan<byte> lonText = rest[..comma];
        ReadOnlySpan<byte> latText = rest[(comma + 1)..];
        if (!TryParseRequired(id, time, lonText, latText, beijingLocalTime: true, line, lineNumber, out long timestampMs, out double lon, out double lat))
        {
            return;
        }

        Accept(id, timestampMs, lon, lat, float.NaN, float.NaN, -1, line, lineNumber);
    }

    /// <summary>A T-Drive record with RFC 4180 quoting (rare: the source never quotes), split by the shared tokenizer.</summary>
    private void ReadQuotedTDriveRow(ReadOnlySpan<byte> line, long lineNumber)
    {
        int count = _tokenizer.Tokenize(line);
        if (count < 0)
        {
            Reject(RejectCode.UnparsableField, TDriveFieldName(_tokenizer.BadField), line, lineNumber);
            return;
        }

        if (count != 4)
        {
            Reject(RejectCode.WrongFieldCount, null, line, lineNumber);
            return;
        }

        if (TryParseRequired(_tokenizer.Field(line, 0), _tokenizer.Field(line, 1), _tokenizer.Field(line, 2), _tokenizer.Field(line, 3),
                beijingLocalTime: true, line, lineNumber, out long timestampMs, out double lon, out double lat))
        {
            Accept(_tokenizer.Field(line, 0), timestampMs, lon, lat, float.NaN, float.NaN, -1, line, lineNumber);
        }
    }

    private static string? TDriveFieldName(int index) => index switch
    {
        0 => CsvHeader.VehicleId,
        1 => CsvHeader.Timestamp,
        2 => CsvHeader.Lon,
        3 => CsvHeader.Lat,
        _ => null,
    };

    /// <summary>
    /// Reads the next line straight from the reader's buffer when it is the common T-Drive row,
    /// "id,YYYY-MM-DD HH:MM:SS,lon,lat" with plain decimals and a line end: fields at fixed offsets, the line end found
    /// by the parse itself, the date parsed once per distinct date (rows of a vehicle share it), the time of day in one
    /// 64-bit word. Consumes only rows the general path would read to the same values; anything else (every bad row,
    /// a blank line, a line cut by the end of the buffer or file, a quoted id) is left for the general path, which classifies it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadTDriveFast(CsvRecordReader reader)
    {
        ReadOnlySpan<byte> buffered = reader.Buffered;
        int idEnd = 0;
        while (idEnd < buffered.Length && buffered[idEnd] != (byte)',' && buffered[idEnd] != (byte)'\n' && buffered[idEnd] != (byte)'"')
        {
            idEnd++;
        }

        int timeStart = idEnd + 1;
        if (idEnd == 0 || buffered.Length < timeStart + 24 || buffered[idEnd] != (byte)',' || buffered[timeStart + 19] != (byte)','
            || buffered[timeStart + 10] != (byte)' ')
        {
            return false;
        }

        int lonStart = timeStart + 20;
        int comma = lonStart;
        while (comma < buffered.Length && buffered[comma] != (byte)',' && buffered[comma] != (byte)'\n')
        {
            comma++;
        }

        int latEnd = comma + 1;
        while (latEnd < buffered.Length && ((uint)(buffered[latEnd] - '0') <= 9 || buffered[latEnd] == (byte)'.'))
        {
            latEnd++;
        }

        int lineEnd = latEnd < buffered.Length && buffered[latEnd] == (byte)'\r' ? latEnd + 1 : latEnd;
        ReadOnlySpan<byte> time = buffered.Slice(timeStart, 19);
        if (lineEnd >= buffered.Length || buffered[lineEnd] != (byte)'\n' || buffered[comma] != (byte)','
            || !FieldParsers.TryParseTimeOfDay(time[11..], out int secondOfDay) || !TryDays(time, out long days)
            || !FieldParsers.TryParseDecimalExactly(buffered[lonStart..comma], out double lon)
            || !FieldParsers.TryParseDecimalExactly(buffered[(comma + 1)..latEnd], out double lat))
        {
            return false;
        }

        ReadOnlySpan<byte> line = buffered[..latEnd];
        reader.SkipLine(lineEnd + 1);
        RowsRead++;
        long timestampMs = ((days * 86400L) + secondOfDay) * 1000L - FieldParsers.BeijingOffsetMs;
        Accept(line[..idEnd], timestampMs, lon, lat, float.NaN, float.NaN, -1, line, reader.LineNumber);
        return true;
    }

    /// <summary>Days of the "YYYY-MM-DD" at the start of <paramref name="time"/>, parsed once per distinct date.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryDays(ReadOnlySpan<byte> time, out long days)
    {
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(time);
        ushort tail = BinaryPrimitives.ReadUInt16LittleEndian(time[8..]);
        if (head == _dateHead && tail == _dateTail)
        {
            days = _dateDays;
            return true;
        }

        if (!FieldParsers.TryParseDatePart(time, out days))
        {
            return false;
        }

        _dateHead = head;
        _dateTail = tail;
        _dateDays = days;
        return true;
    }
}
