namespace TrafficEngine.Arrow;

/// <summary>
/// An Arrow IPC input that is malformed, truncated, of an unsupported kind or not of the shape the engine needs
/// (a required column missing or of another type). The message is one line naming the file and, where it applies,
/// the batch and the column.
/// </summary>
public sealed class ArrowFormatException : Exception
{
    public ArrowFormatException()
        : base("Malformed Arrow IPC data.")
    {
    }

    public ArrowFormatException(string message)
        : base(message)
    {
    }

    public ArrowFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArrowFormatException(string message, string? file, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        File = file;
        Field = field;
    }

    /// <summary>The file concerned, if known.</summary>
    public string? File { get; }

    /// <summary>The column concerned, if any.</summary>
    public string? Field { get; }
}
