using System.Globalization;

namespace Bench;

/// <summary>`--name value` options of the bench modes, read with the invariant culture; a missing option gives the fallback.</summary>
public static class BenchArgs
{
    public static string Get(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static int GetInt32(string[] args, string name, int fallback) =>
        int.Parse(Get(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static long GetInt64(string[] args, string name, long fallback) =>
        long.Parse(Get(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static double GetDouble(string[] args, string name, double fallback) =>
        double.Parse(Get(args, name, fallback.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Calls <paramref name="set"/> with the option's value when the option is given.</summary>
    public static void IfGiven(string[] args, string name, Action<double> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (Array.IndexOf(args, name) is int i && i >= 0 && i + 1 < args.Length)
        {
            set(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
        }
    }
}
