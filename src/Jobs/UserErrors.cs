using System.Security;
using TrafficEngine.Arrow;
using TrafficEngine.Ingest;

namespace Jobs;

/// <summary>Which exceptions are a user's mistake (one line, no stack trace) rather than a bug.</summary>
internal static class UserErrors
{
    public static bool IsUserError(Exception ex) => ex is IngestException or ArrowFormatException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or SecurityException
        or IOException or ArgumentException or FormatException or InvalidDataException or NotSupportedException;

    /// <summary>The message on one line (an out-of-range argument's message puts its actual value on a second line).</summary>
    public static string Describe(Exception ex) => OneLine(ex switch
    {
        UnauthorizedAccessException => $"permission denied: {ex.Message}",
        ArgumentException { ParamName: { } name } => ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        _ => ex.Message,
    });

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
