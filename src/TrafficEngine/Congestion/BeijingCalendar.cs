namespace TrafficEngine.Congestion;

/// <summary>
/// Beijing local days and times of day for UTC epoch milliseconds (UTC+08:00, no daylight saving), with workdays
/// Monday to Friday unless listed as holidays, plus listed make-up workdays (China moves weekend days around holidays).
/// </summary>
public sealed class BeijingCalendar
{
    public const long OffsetMs = 8 * 3_600_000;
    public const long DayMs = 86_400_000;

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _extraWorkdays;

    public BeijingCalendar(IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? extraWorkdays = null)
    {
        _holidays = [.. holidays ?? []];
        _extraWorkdays = [.. extraWorkdays ?? []];
    }

    /// <summary>Local day number: days since 1970-01-01 in Beijing.</summary>
    public static long LocalDay(long utcMs)
    {
        long q = Math.DivRem(utcMs + OffsetMs, DayMs, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>Milliseconds since local midnight.</summary>
    public static long LocalTimeOfDayMs(long utcMs) => utcMs + OffsetMs - (LocalDay(utcMs) * DayMs);

    public static DateOnly Date(long localDay) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)localDay);

    /// <summary>UTC epoch milliseconds of a local day's midnight.</summary>
    public static long MidnightUtcMs(long localDay) => (localDay * DayMs) - OffsetMs;

    /// <summary>"2008-02-04T08:15:00+08:00".</summary>
    public static string FormatLocal(long utcMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(utcMs).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public bool IsWorkday(long localDay)
    {
        DateOnly date = Date(localDay);
        if (_extraWorkdays.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(date);
    }

    /// <summary>Workday peaks 07:00-09:00 and 17:00-19:00 local (DOMAIN.md).</summary>
    public bool IsPeak(long utcMs)
    {
        if (!IsWorkday(LocalDay(utcMs)))
        {
            return false;
        }

        long hour = LocalTimeOfDayMs(utcMs) / 3_600_000;
        return hour is 7 or 8 or 17 or 18;
    }
}
