namespace TrafficEngine.Arrow;

/// <summary>
/// Thrown for every malformed, truncated or unsupported Arrow IPC input. The message says what is wrong and,
/// where known, the byte offset in the file or stream (<see cref="ByteOffset"/>).
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

    public ArrowFormatException(string message, long byteOffset)
        : base($"{message} (at byte offset {byteOffset}).")
    {
        ByteOffset = byteOffset;
    }

    /// <summary>Where in the file or stream the problem was found; -1 when not known.</summary>
    public long ByteOffset { get; } = -1;
}
