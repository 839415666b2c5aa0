using System.Globalization;
using TrafficEngine.IO;

namespace Jobs;

/// <summary>Times given on the command line: explicit offsets are honoured, bare local times are Beijing time.</summary>
internal static class TimeArguments
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Parses ISO-8601 (with or without offset; without = UTC+08:00), a date alone, or epoch seconds/milliseconds.</summary>
    public static long ParseUtcMs(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long epoch))
        {
            return Math.Abs(epoch) >= 100_000_000_000 ? epoch : checked(epoch * 1000);
        }

        bool hasOffset = value.EndsWith('Z') || value.EndsWith('z') || HasNumericOffset(value);
        if (hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset withOffset))
        {
            return withOffset.ToUnixTimeMilliseconds();
        }

        if (!hasOffset && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Beijing).ToUnixTimeMilliseconds();
        }

        throw new UserInputException($"{option} '{text}' is not a time: use ISO-8601 such as 2008-02-03T07:00:00+08:00 (no offset means Beijing time) or epoch seconds.", null, field: option);
    }

    private static bool HasNumericOffset(string value)
    {
        int t = value.IndexOfAny(['T', ' ']);
        if (t < 0)
        {
            return false;
        }

        int sign = value.LastIndexOfAny(['+', '-']);
        return sign > t;
    }
}
