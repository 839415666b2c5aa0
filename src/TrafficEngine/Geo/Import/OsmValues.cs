using System.Globalization;

namespace TrafficEngine.Geo.Import;

/// <summary>Direction of travel an OSM <c>oneway</c> value allows, relative to the way's node order.</summary>
public enum Oneway
{
    /// <summary>Two-way: both directions.</summary>
    Both,

    /// <summary>oneway=yes/true/1: along the way only.</summary>
    Forward,

    /// <summary>oneway=-1/reverse: against the way only.</summary>
    Backward,
}

/// <summary>
/// Parsing of OSM tag values as sources write them, including OSMnx's Python list strings ("['primary', 'secondary']",
/// "[1, 2]"), whose first element is taken.
/// </summary>
public static class OsmValues
{
    /// <summary>yes/true/1 forward, -1/reverse backward, anything else (no, false, 0, empty, unknown) both ways.</summary>
    public static Oneway ParseOneway(ReadOnlySpan<char> value)
    {
        value = First(value);
        if (value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value is "1")
        {
            return Oneway.Forward;
        }

        return value is "-1" || value.Equals("reverse", StringComparison.OrdinalIgnoreCase) ? Oneway.Backward : Oneway.Both;
    }

    /// <summary>
    /// A maxspeed in km/h: "60", "60 km/h", "60kmh", "30 mph", "8 knots"; NaN for "none", "signals", "walk",
    /// "CN:urban" and anything else without a number.
    /// </summary>
    public static double ParseMaxSpeedKmh(ReadOnlySpan<char> value)
    {
        value = First(value);
        int end = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(value[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number) || number <= 0)
        {
            return double.NaN;
        }

        ReadOnlySpan<char> unit = value[end..].Trim();
        if (unit.IsEmpty || unit.StartsWith("km", StringComparison.OrdinalIgnoreCase))
        {
            return number;
        }

        if (unit.Equals("mph", StringComparison.OrdinalIgnoreCase))
        {
            return number * 1.609344;
        }

        return unit.Equals("knots", StringComparison.OrdinalIgnoreCase) ? number * 1.852 : double.NaN;
    }

    /// <summary>A lane count (the first of a list); 0 when absent or not a positive integer.</summary>
    public static int ParseLanes(ReadOnlySpan<char> value)
    {
        value = First(value);
        int dot = value.IndexOf('.');
        if (dot >= 0 && value[(dot + 1)..].Trim('0').IsEmpty)
        {
            value = value[..dot]; // "2.0" from a float column
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int lanes) && lanes > 0 ? lanes : 0;
    }

    /// <summary>The first element of a list value ("['a', 'b']", "[1, 2]", "a;b"), unquoted and trimmed; the value itself otherwise.</summary>
    public static ReadOnlySpan<char> First(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length >= 2 && value[0] == '[' && value[^1] == ']')
        {
            value = value[1..^1];
            int comma = value.IndexOf(',');
            if (comma >= 0)
            {
                value = value[..comma];
            }
        }
        else
        {
            int semicolon = value.IndexOf(';');
            if (semicolon >= 0)
            {
                value = value[..semicolon];
            }
        }

        value = value.Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return value.Trim();
    }

    /// <summary>The first integer of an id value ("123", "[123, 456]", "123.0"); false when there is none.</summary>
    public static bool TryParseId(ReadOnlySpan<char> value, out long id)
    {
        value = First(value);
        if (value.EndsWith(".0", StringComparison.Ordinal))
        {
            value = value[..^2];
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);
    }
}
