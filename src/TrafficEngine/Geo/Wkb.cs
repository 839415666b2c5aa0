using System.Buffers.Binary;

namespace TrafficEngine.Geo;

/// <summary>
/// Well-known binary LineStrings (little-endian, 2D, ISO type 2), as GeoArrow's <c>geoarrow.wkb</c> stores them:
/// byte order (1), type (uint32 2), point count (uint32), then x y doubles.
/// </summary>
public static class Wkb
{
    private const uint LineString = 2;
    private const int HeaderBytes = 9;

    public static int LineStringSize(int points) => HeaderBytes + (points * 16);

    /// <summary>Writes a LineString into <paramref name="destination"/> (exactly <see cref="LineStringSize"/> bytes).</summary>
    public static void WriteLineString(Span<byte> destination, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat)
    {
        if (lon.Length != lat.Length)
        {
            throw new ArgumentException($"{lon.Length} longitudes and {lat.Length} latitudes.", nameof(lat));
        }

        destination[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], LineString);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[5..], (uint)lon.Length);
        Span<byte> points = destination[HeaderBytes..];
        for (int i = 0; i < lon.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(points[(i * 16)..], lon[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(points[((i * 16) + 8)..], lat[i]);
        }
    }

    /// <summary>The point count of a LineString, with its header and length checked; null with a reason otherwise.</summary>
    public static int PointCount(ReadOnlySpan<byte> wkb, out string? problem)
    {
        problem = null;
        if (wkb.Length < HeaderBytes)
        {
            problem = $"{wkb.Length} bytes is shorter than a WKB header";
            return -1;
        }

        bool little = wkb[0] == 1;
        if (wkb[0] > 1)
        {
            problem = $"byte order marker {wkb[0]}";
            return -1;
        }

        uint type = little ? BinaryPrimitives.ReadUInt32LittleEndian(wkb[1..]) : BinaryPrimitives.ReadUInt32BigEndian(wkb[1..]);
        uint count = little ? BinaryPrimitives.ReadUInt32LittleEndian(wkb[5..]) : BinaryPrimitives.ReadUInt32BigEndian(wkb[5..]);
        if (type != LineString)
        {
            problem = $"geometry type {type}, not a 2D LineString (2)";
            return -1;
        }

        if (count > (uint)((wkb.Length - HeaderBytes) / 16) || wkb.Length != HeaderBytes + ((long)count * 16))
        {
            problem = $"{count} points do not fit its {wkb.Length} bytes";
            return -1;
        }

        return (int)count;
    }

    /// <summary>Reads the points of a LineString checked with <see cref="PointCount"/>.</summary>
    public static void ReadPoints(ReadOnlySpan<byte> wkb, Span<double> lon, Span<double> lat)
    {
        bool little = wkb[0] == 1;
        ReadOnlySpan<byte> points = wkb[HeaderBytes..];
        for (int i = 0; i < lon.Length; i++)
        {
            ReadOnlySpan<byte> x = points[(i * 16)..], y = points[((i * 16) + 8)..];
            lon[i] = little ? BinaryPrimitives.ReadDoubleLittleEndian(x) : BinaryPrimitives.ReadDoubleBigEndian(x);
            lat[i] = little ? BinaryPrimitives.ReadDoubleLittleEndian(y) : BinaryPrimitives.ReadDoubleBigEndian(y);
        }
    }
}
