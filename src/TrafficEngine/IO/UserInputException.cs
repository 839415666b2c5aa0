namespace TrafficEngine.IO;

/// <summary>
/// Something the user gave that the engine cannot use: an input file it cannot open or read (naming the file and,
/// where they apply, the line and field), or a bad argument. The message is one line. The command line reports these
/// as user errors (one line, exit code 1); every other exception is a bug and is reported with its stack trace.
/// Bad rows in a file are not thrown: the readers count and quarantine them.
/// </summary>
public class UserInputException : Exception
{
    public UserInputException()
    {
    }

    public UserInputException(string message)
        : base(message)
    {
    }

    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserInputException(string message, string? file, long? line = null, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The input file concerned, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based physical line concerned (for a CSV record, the line where the record starts), if any.</summary>
    public long? Line { get; }

    /// <summary>The column, field or command-line option concerned, if any.</summary>
    public string? Field { get; }
}
