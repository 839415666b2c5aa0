using System.Globalization;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads WKT LINESTRING and MULTILINESTRING text into coordinate lists (x = lon, y = lat; a Z or M ordinate is
/// ignored). Errors come back as a reason, for the caller to report with file, line and field.
/// </summary>
public static class Wkt
{
    /// <summary>
    /// Appends the points of a LINESTRING (or every part of a MULTILINESTRING, with <paramref name="partStarts"/>
    /// receiving each part's first index) to <paramref name="lon"/>/<paramref name="lat"/>; null on success, else the reason.
    /// </summary>
    public static string? TryParse(ReadOnlySpan<char> text, List<double> lon, List<double> lat, List<int>? partStarts = null)
    {
        ArgumentNullException.ThrowIfNull(lon);
        ArgumentNullException.ThrowIfNull(lat);
        text = text.Trim();
        bool multi;
        if (text.StartsWith("MULTILINESTRING", StringComparison.OrdinalIgnoreCase))
        {
            multi = true;
            text = text["MULTILINESTRING".Length..];
        }
        else if (text.StartsWith("LINESTRING", StringComparison.OrdinalIgnoreCase))
        {
            multi = false;
            text = text["LINESTRING".Length..];
        }
        else
        {
            return text.IsEmpty ? "empty geometry" : "not a LINESTRING or MULTILINESTRING";
        }

        text = SkipDimension(text.TrimStart());
        if (text.StartsWith("EMPTY", StringComparison.OrdinalIgnoreCase))
        {
            return "empty geometry";
        }

        if (!multi)
        {
            partStarts?.Add(lon.Count);
            return ParseRing(ref text, lon, lat) ?? (text.Trim().IsEmpty ? null : "text after the closing parenthesis");
        }

        if (text.IsEmpty || text[0] != '(')
        {
            return "missing '('";
        }

        text = text[1..].TrimStart();
        while (true)
        {
            partStarts?.Add(lon.Count);
            if (ParseRing(ref text, lon, lat) is { } error)
            {
                return error;
            }

            text = text.TrimStart();
            if (text.IsEmpty)
            {
                return "missing ')'";
            }

            if (text[0] == ')')
            {
                return text[1..].Trim().IsEmpty ? null : "text after the closing parenthesis";
            }

            if (text[0] != ',')
            {
                return "expected ',' between parts";
            }

            text = text[1..].TrimStart();
        }
    }

    private static ReadOnlySpan<char> SkipDimension(ReadOnlySpan<char> text)
    {
        if (text.StartsWith("ZM", StringComparison.OrdinalIgnoreCase))
        {
            return text[2..].TrimStart();
        }

        return text.StartsWith("Z", StringComparison.OrdinalIgnoreCase) || text.StartsWith("M", StringComparison.OrdinalIgnoreCase)
            ? text[1..].TrimStart()
            : text;
    }

    /// <summary>Parses "(x y, x y, ...)" at the start of <paramref name="text"/> and moves past it.</summary>
    private static string? ParseRing(ref ReadOnlySpan<char> text, List<double> lon, List<double> lat)
    {
        if (text.IsEmpty || text[0] != '(')
        {
            return "missing '('";
        }

        int close = text.IndexOf(')');
        if (close < 0)
        {
            return "missing ')'";
        }

        ReadOnlySpan<char> body = text[1..close];
        text = text[(close + 1)..];
        int count = 0;
        foreach (Range range in body.Split(','))
        {
            ReadOnlySpan<char> point = body[range].Trim();
            int space = point.IndexOfAny(' ', '\t');
            if (space < 0)
            {
                return $"point {count + 1} has no y ordinate";
            }

            ReadOnlySpan<char> rest = point[(space + 1)..].TrimStart();
            int next = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> yText = next < 0 ? rest : rest[..next];
            if (!double.TryParse(point[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                || !double.TryParse(yText, NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
            {
                return $"point {count + 1} is not two numbers: '{point.ToString()}'";
            }

            lon.Add(x);
            lat.Add(y);
            count++;
        }

        return null;
    }
}
