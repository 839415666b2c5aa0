using System.Runtime.CompilerServices;

namespace TrafficEngine.Ingest;

/// <summary>The csv layout: a header naming the columns, RFC 4180 quoting, optional speed, heading and occupancy.</summary>
internal sealed partial class ProbeFileReader
{
    private void ReadHeader(ReadOnlySpan<byte> line, long lineNumber)
    {
        int count = _tokenizer.Tokenize(line);
        if (count < 0)
        {
            throw new IngestException($"{_path}: line {lineNumber}: the header row has an unterminated quote.", _path, lineNumber);
        }

        _header.Map(_tokenizer, line, _path, lineNumber);
        HasSpeed |= _header.Speed >= 0;
        HasHeading |= _header.Heading >= 0;
        HasOccupied |= _header.Occupied >= 0;
        foreach (string unknown in _header.Unknown)
        {
            if (_unknownColumns.Add(unknown))
            {
                Warnings.Add($"{_path}: unknown column '{unknown}' ignored.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadCsvRow(ReadOnlySpan<byte> line, long lineNumber)
    {
        int count = _tokenizer.Tokenize(line);
        if (count < 0)
        {
            Reject(RejectCode.UnparsableField, _header.NameOf(_tokenizer.BadField), line, lineNumber);
            return;
        }

        if (count != _header.Count)
        {
            Reject(RejectCode.WrongFieldCount, null, line, lineNumber);
            return;
        }

        ReadOnlySpan<byte> id = _tokenizer.Field(line, _header.VehicleIdIndex);
        ReadOnlySpan<byte> time = _tokenizer.Field(line, _header.TimestampIndex);
        ReadOnlySpan<byte> lonText = _tokenizer.Field(line, _header.LonIndex);
        ReadOnlySpan<byte> latText = _tokenizer.Field(line, _header.LatIndex);
        if (!TryParseRequired(id, time, lonText, latText, beijingLocalTime: false, line, lineNumber, out long timestampMs, out double lon, out double lat))
        {
            return;
        }

        float speed = float.NaN;
        float heading = float.NaN;
        sbyte occupied = -1;
        if (_header.Speed >= 0 && !TryOptionalFloat(_tokenizer.Field(line, _header.Speed), out speed))
        {
            Reject(RejectCode.UnparsableField, CsvHeader.SpeedKmh, line, lineNumber);
            return;
        }

        if (_header.Heading >= 0 && !TryOptionalFloat(_tokenizer.Field(line, _header.Heading), out heading))
        {
            Reject(RejectCode.UnparsableField, CsvHeader.HeadingDeg, line, lineNumber);
            return;
        }

        if (_header.Occupied >= 0)
        {
            ReadOnlySpan<byte> text = _tokenizer.Field(line, _header.Occupied);
            if (!text.IsEmpty)
            {
                if (!FieldParsers.TryParseBoolean(text, out bool value))
                {
                    Reject(RejectCode.UnparsableField, CsvHeader.OccupiedName, line, lineNumber);
                    return;
                }

                occupied = value ? (sbyte)1 : (sbyte)0;
            }
        }

        Accept(id, timestampMs, lon, lat, speed, heading, occupied, line, lineNumber);
    }

    private static bool TryOptionalFloat(ReadOnlySpan<byte> text, out float value)
    {
        value = float.NaN;
        if (text.IsEmpty)
        {
            return true;
        }

        if (!FieldParsers.TryParseDouble(text, out double parsed) || !double.IsFinite(parsed))
        {
            return false;
        }

        value = (float)parsed;
        return true;
    }
}
