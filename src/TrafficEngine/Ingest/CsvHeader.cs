using System.Text;
using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>Column positions of a probe CSV file, from its header row (names case-insensitive, any order).</summary>
internal sealed class CsvHeader
{
    public const string VehicleId = "vehicle_id";
    public const string Timestamp = "timestamp";
    public const string Lon = "lon";
    public const string Lat = "lat";
    public const string SpeedKmh = "speed_kmh";
    public const string HeadingDeg = "heading_deg";
    public const string OccupiedName = "occupied";

    private string[] _names = [];

    public int Count => _names.Length;

    public int VehicleIdIndex { get; private set; }

    public int TimestampIndex { get; private set; }

    public int LonIndex { get; private set; }

    public int LatIndex { get; private set; }

    public int Speed { get; private set; }

    public int Heading { get; private set; }

    public int Occupied { get; private set; }

    public IReadOnlyList<string> Unknown { get; private set; } = [];

    public string? NameOf(int index) => index >= 0 && index < _names.Length ? _names[index] : null;

    public void Map(CsvTokenizer tokenizer, ReadOnlySpan<byte> line, string path, long lineNumber)
    {
        int count = tokenizer.Tokenize(line);
        _names = new string[count];
        var unknown = new List<string>();
        VehicleIdIndex = TimestampIndex = LonIndex = LatIndex = Speed = Heading = Occupied = -1;
        for (int i = 0; i < count; i++)
        {
            string name = Encoding.UTF8.GetString(tokenizer.Field(line, i)).Trim().ToLowerInvariant();
            _names[i] = name;
            switch (name)
            {
                case VehicleId: VehicleIdIndex = Set(VehicleIdIndex, i, name, path, lineNumber); break;
                case Timestamp: TimestampIndex = Set(TimestampIndex, i, name, path, lineNumber); break;
                case Lon: LonIndex = Set(LonIndex, i, name, path, lineNumber); break;
                case Lat: LatIndex = Set(LatIndex, i, name, path, lineNumber); break;
                case SpeedKmh: Speed = Set(Speed, i, name, path, lineNumber); break;
                case HeadingDeg: Heading = Set(Heading, i, name, path, lineNumber); break;
                case OccupiedName: Occupied = Set(Occupied, i, name, path, lineNumber); break;
                default: unknown.Add(name); break;
            }
        }

        Unknown = unknown;
        Require(VehicleIdIndex, VehicleId, path, lineNumber);
        Require(TimestampIndex, Timestamp, path, lineNumber);
        Require(LonIndex, Lon, path, lineNumber);
        Require(LatIndex, Lat, path, lineNumber);
    }

    private static int Set(int current, int index, string name, string path, long lineNumber) => current < 0
        ? index
        : throw new IngestException($"{path}: line {lineNumber}: the header names column '{name}' twice.", path, lineNumber, name);

    private void Require(int index, string name, string path, long lineNumber)
    {
        if (index < 0)
        {
            throw new IngestException(
                $"{path}: line {lineNumber}: required column '{name}' is missing from the header (required: {VehicleId}, {Timestamp}, {Lon}, {Lat}; found: {string.Join(", ", _names)}).",
                path, lineNumber, name);
        }
    }
}
