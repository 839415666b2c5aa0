using System.Diagnostics;
using System.Reflection;
using System.Security;
using TrafficEngine.Arrow;
using TrafficEngine.IO;

namespace Jobs;

/// <summary>
/// Which exceptions are a user's mistake (one line, exit code 1) rather than a bug (stack trace, exit code 70).
/// User errors are the engine's own types: <see cref="UserInputException"/> (bad input files, bad arguments; the
/// ingest's <c>IngestException</c> is one), <see cref="ArrowFormatException"/> (an Arrow file the engine cannot read),
/// and <see cref="InvalidDataException"/> (a user's file whose content the engine rejects: map matching and congestion
/// raise it for unordered probes, a coordinate-system mismatch under --strict, traversals from another network).
/// Permission denied on a path is the user's to fix. The command line's own checks of its arguments (an
/// <see cref="ArgumentException"/>, <see cref="FormatException"/> or <see cref="IOException"/> thrown by this program,
/// or by an engine <c>XxxOptions.Validate()</c> it calls with the user's values) are user errors too. Anything else -
/// an ArgumentException from deeper engine code, an InvalidOperationException, an IOException about the engine's own
/// files - is a bug and is never dressed as a user error.
/// </summary>
internal static class UserErrors
{
    private static readonly Assembly CommandLine = typeof(UserErrors).Assembly;
    private static readonly Assembly Engine = typeof(UserInputException).Assembly;

    public static bool IsUserError(Exception ex) => ex switch
    {
        UserInputException or ArrowFormatException or InvalidDataException => true,
        UnauthorizedAccessException or SecurityException => true,
        ArgumentNullException => false, // no user value is null: a caller in this program got it wrong
        ArgumentException or FormatException or IOException => IsArgumentCheck(ex),
        _ => false,
    };

    /// <summary>The message on one line (an out-of-range argument's message puts its actual value on a second line).</summary>
    public static string Describe(Exception ex) => OneLine(ex switch
    {
        UnauthorizedAccessException => $"permission denied: {ex.Message}",
        ArgumentException { ParamName: { } name } => ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        _ => ex.Message,
    });

    /// <summary>
    /// Whether the exception was thrown by this program's own code (its argument and path checks), or by an engine
    /// options type's validation called straight from it. Only the exception types' own throw helpers
    /// (ArgumentOutOfRangeException.ThrowIfNegative and the like) are skipped: an exception from any other runtime code
    /// this program calls is a bug in how it calls it.
    /// </summary>
    private static bool IsArgumentCheck(Exception ex)
    {
        StackFrame[] frames = new StackTrace(ex, fNeedFileInfo: false).GetFrames();
        int i = 0;
        while (i < frames.Length && frames[i].GetMethod()?.DeclaringType is { } helper
            && (typeof(Exception).IsAssignableFrom(helper) || helper.Name == "ThrowHelper"))
        {
            i++;
        }

        while (i < frames.Length && frames[i].GetMethod()?.DeclaringType is { } type && type.Assembly == Engine
            && type.Name.EndsWith("Options", StringComparison.Ordinal))
        {
            i++; // XxxOptions.Validate and its private helpers
        }

        return i < frames.Length && frames[i].GetMethod()?.DeclaringType?.Assembly == CommandLine;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
