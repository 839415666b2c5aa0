namespace TrafficEngine.Congestion;

/// <summary>The FHWA reliability periods (local time), plus the whole day.</summary>
public enum ReliabilityPeriod : byte
{
    /// <summary>Workdays 06:00-10:00.</summary>
    WorkdayAm = 0,

    /// <summary>Workdays 10:00-16:00.</summary>
    WorkdayMidday = 1,

    /// <summary>Workdays 16:00-20:00.</summary>
    WorkdayPm = 2,

    /// <summary>Weekends and holidays 06:00-20:00.</summary>
    Weekend = 3,

    /// <summary>Every bin of every day.</summary>
    AllDay = 4,
}

/// <summary>Assigns bins to <see cref="ReliabilityPeriod"/>s.</summary>
public static class ReliabilityPeriods
{
    public const int Count = 5;

    public static string Code(ReliabilityPeriod period) => period switch
    {
        ReliabilityPeriod.WorkdayAm => "workday_06_10",
        ReliabilityPeriod.WorkdayMidday => "workday_10_16",
        ReliabilityPeriod.WorkdayPm => "workday_16_20",
        ReliabilityPeriod.Weekend => "weekend_06_20",
        _ => "all_day",
    };

    /// <summary>The FHWA period of a bin start, or -1 when it falls in none (nights).</summary>
    public static int Of(long binStartMs, BeijingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        long hour = BeijingCalendar.LocalTimeOfDayMs(binStartMs) / 3_600_000;
        if (hour is < 6 or >= 20)
        {
            return -1;
        }

        if (!calendar.IsWorkday(BeijingCalendar.LocalDay(binStartMs)))
        {
            return (int)ReliabilityPeriod.Weekend;
        }

        return hour < 10 ? (int)ReliabilityPeriod.WorkdayAm : hour < 16 ? (int)ReliabilityPeriod.WorkdayMidday : (int)ReliabilityPeriod.WorkdayPm;
    }
}
