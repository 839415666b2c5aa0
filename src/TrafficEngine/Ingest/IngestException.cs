using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>
/// An input the ingest cannot read at all (missing file, unreadable gzip, missing required column): a
/// <see cref="UserInputException"/> raised by the ingest. Bad rows never throw; they are quarantined.
/// </summary>
public sealed class IngestException : UserInputException
{
    public IngestException()
    {
    }

    public IngestException(string message)
        : base(message)
    {
    }

    public IngestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IngestException(string message, string? file, long? line = null, string? field = null, Exception? innerException = null)
        : base(message, file, line, field, innerException)
    {
    }
}
