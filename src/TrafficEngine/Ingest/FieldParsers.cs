using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace TrafficEngine.Ingest;

/// <summary>
/// Allocation-free parsers of ASCII fields straight from the input bytes: decimals (Clinger's exact fast path with a
/// fallback to the framework parser), fixed-format date-times, ISO-8601 timestamps, epoch seconds/milliseconds and
/// booleans.
/// </summary>
internal static class FieldParsers
{
    /// <summary>Beijing is UTC+08:00 all year (no daylight saving since 1991).</summary>
    public const long BeijingOffsetMs = 8 * 3600 * 1000L;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a decimal number such as "-116.25009". With at most 15 significant digits the mantissa is below 2^53
    /// and the scale at most 15, so mantissa / 10^k divides two exact doubles and IEEE division rounds once: the result
    /// is correctly rounded (Clinger's fast path). Anything else (exponents, NaN, long mantissas) goes to
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value) => TryParseDecimalExactly(s, out value) || Fallback(s, out value);

    /// <summary>
    /// The fast path of <see cref="TryParseDouble"/> alone: a plain decimal of at most 15 significant digits (no
    /// exponent); false for anything else, which the caller then hands to the full parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDecimalExactly(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        int digitsStart = i;
        long mantissa = 0;
        uint d;
        while (i < s.Length && (d = (uint)(s[i] - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + d;
            i++;
        }

        int integerDigits = i - digitsStart;
        int scale = 0;
        if (i < s.Length && s[i] == (byte)'.')
        {
            int fractionStart = ++i;
            while (i < s.Length && (d = (uint)(s[i] - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + d;
                i++;
            }

            scale = i - fractionStart;
        }

        // At most 15 digits keeps the mantissa below 2^53 without overflow checks; scale <= 15 < 22.
        int digits = integerDigits + scale;
        if (i != s.Length || digits == 0 || digits > 15)
        {
            value = 0;
            return false;
        }

        double result = mantissa / PowersOfTen[scale];
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Parses "YYYY-MM-DD HH:MM:SS" Beijing local time into UTC epoch milliseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseBeijingDateTime(ReadOnlySpan<byte> s, out long utcMs)
    {
        utcMs = 0;
        if (s.Length != 19 || s[10] != (byte)' ')
        {
            return false;
        }

        if (!TryParseDatePart(s, out long days) || !TryParseTimePart(s[11..], out int secondOfDay))
        {
            return false;
        }

        utcMs = ((days * 86400L) + secondOfDay) * 1000L - BeijingOffsetMs;
        return true;
    }

    /// <summary>
    /// Parses a csv timestamp: ISO-8601 "YYYY-MM-DD[T ]HH:MM:SS[.fff...][Z|+HH:MM|-HH:MM|+HHMM]" (fractions kept to
    /// the millisecond, truncated beyond; without an offset the time is Beijing local time, UTC+08:00), or epoch
    /// seconds or milliseconds (all digits, optionally with a fraction; values above 1e11 are milliseconds).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out long utcMs)
    {
        utcMs = 0;
        if (s.Length >= 19 && s[4] == (byte)'-' && s[7] == (byte)'-')
        {
            return TryParseIso(s, out utcMs);
        }

        if (!TryParseDouble(s, out double number) || !double.IsFinite(number) || number < 0)
        {
            return false;
        }

        double ms = number > 1e11 ? number : number * 1000.0;
        if (ms >= 9.2e18)
        {
            return false;
        }

        utcMs = (long)Math.Round(ms, MidpointRounding.AwayFromZero);
        return true;
    }

    public static bool TryParseBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        value = false;
        if (s.Length == 1)
        {
            value = s[0] == (byte)'1';
            return s[0] is (byte)'0' or (byte)'1';
        }

        if (System.Text.Ascii.EqualsIgnoreCase(s, "true"u8))
        {
            value = true;
            return true;
        }

        return System.Text.Ascii.EqualsIgnoreCase(s, "false"u8);
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - (era * 400);
        int doy = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        int doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097L) + doe - 719468;
    }

    private static bool TryParseIso(ReadOnlySpan<byte> s, out long utcMs)
    {
        utcMs = 0;
        if ((s[10] != (byte)'T' && s[10] != (byte)' ') || !TryParseDatePart(s, out long days) || !TryParseTimePart(s[11..], out int secondOfDay))
        {
            return false;
        }

        int i = 19;
        int millis = 0;
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            int fractionDigits = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (fractionDigits < 3)
                {
                    millis = (millis * 10) + (s[i] - '0');
                }

                fractionDigits++;
                i++;
            }

            if (fractionDigits == 0)
            {
                return false;
            }

            for (int k = fractionDigits; k < 3; k++)
            {
                millis *= 10;
            }
        }

        long offsetMs;
        ReadOnlySpan<byte> zone = s[i..];
        if (zone.IsEmpty)
        {
            offsetMs = BeijingOffsetMs; // no offset: Beijing local time, as the feeds of the commission give it
        }
        else if (zone.Length == 1 && (zone[0] == (byte)'Z' || zone[0] == (byte)'z'))
        {
            offsetMs = 0;
        }
        else if ((zone.Length == 6 && zone[3] == (byte)':') || zone.Length == 5)
        {
            int sign = zone[0] == (byte)'+' ? 1 : zone[0] == (byte)'-' ? -1 : 0;
            int minuteStart = zone.Length == 6 ? 4 : 3;
            if (sign == 0 || !TryTwoDigits(zone, 1, out int hours) || !TryTwoDigits(zone, minuteStart, out int minutes) || hours > 18 || minutes > 59)
            {
                return false;
            }

            offsetMs = sign * ((hours * 60L) + minutes) * 60_000L;
        }
        else
        {
            return false;
        }

        utcMs = ((days * 86400L) + secondOfDay) * 1000L + millis - offsetMs;
        return true;
    }

    /// <summary>
    /// Parses exactly "HH:MM:SS" (the first 8 bytes of <paramref name="s"/>, which must hold at least 8) into seconds
    /// of the day, all digits and both colons checked in one 64-bit word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseTimeOfDay(ReadOnlySpan<byte> s, out int secondOfDay)
    {
        const ulong ColonLanes = 0x0000_FF00_00FF_0000; // bytes 2 and 5
        const ulong Colons = 0x0000_3A00_003A_0000;
        const ulong DigitLanes = 0xFFFF_00FF_FF00_FFFF;
        const ulong HighNibbles = 0xF0F0_00F0_F000_F0F0;
        const ulong ZeroDigits = 0x3030_0030_3000_3030;
        ulong v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong digits = v & DigitLanes;
        secondOfDay = 0;
        if ((v & ColonLanes) != Colons || (digits & HighNibbles) != ZeroDigits || ((digits + 0x0606_0006_0600_0606) & HighNibbles) != ZeroDigits)
        {
            return false; // a lane outside '0'..'9' (adding 6 pushes ':'..'?' out of the 0x3_ nibble) or a missing colon
        }

        ulong x = digits & 0x0F0F_000F_0F00_0F0F;
        int hour = (int)(((x & 0xFF) * 10) + ((x >> 8) & 0xFF));
        int minute = (int)((((x >> 24) & 0xFF) * 10) + ((x >> 32) & 0xFF));
        int second = (int)((((x >> 48) & 0xFF) * 10) + ((x >> 56) & 0xFF));
        secondOfDay = (hour * 3600) + (minute * 60) + second;
        return hour <= 23 && minute <= 59 && second <= 59;
    }

    /// <summary>Days since 1970-01-01 of "YYYY-MM-DD" (the first 10 bytes of <paramref name="s"/>), validated.</summary>
    public static bool TryParseDatePart(ReadOnlySpan<byte> s, out long days)
    {
        days = 0;
        if (s[4] != (byte)'-' || s[7] != (byte)'-' || !TryTwoDigits(s, 0, out int century) || !TryTwoDigits(s, 2, out int yy)
            || !TryTwoDigits(s, 5, out int month) || !TryTwoDigits(s, 8, out int day))
        {
            return false;
        }

        int year = (century * 100) + yy;
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month))
        {
            return false;
        }

        days = DaysFromCivil(year, month, day);
        return true;
    }

    private static bool TryParseTimePart(ReadOnlySpan<byte> s, out int secondOfDay)
    {
        secondOfDay = 0;
        if (s.Length < 8 || s[2] != (byte)':' || s[5] != (byte)':' || !TryTwoDigits(s, 0, out int hour)
            || !TryTwoDigits(s, 3, out int minute) || !TryTwoDigits(s, 6, out int second) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        secondOfDay = (hour * 3600) + (minute * 60) + second;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryTwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        uint a = (uint)(s[at] - '0');
        uint b = (uint)(s[at + 1] - '0');
        value = (int)((a * 10) + b);
        return a <= 9 && b <= 9;
    }

    private static int DaysInMonth(int year, int month) => month == 2
        ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
        : (month is 4 or 6 or 9 or 11 ? 30 : 31);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Fallback(ReadOnlySpan<byte> s, out double value)
    {
        if (s.Length == 0 || s[0] == (byte)' ' || s[^1] == (byte)' ')
        {
            value = 0;
            return false;
        }

        if (Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length)
        {
            return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
