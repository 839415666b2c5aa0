namespace TrafficEngine.Ingest;

/// <summary>
/// An input the ingest cannot read at all (missing file, unreadable gzip, missing required column). The message is
/// one line naming the file and, where it applies, the line and field. Bad rows never throw; they are quarantined.
/// </summary>
public sealed class IngestException : Exception
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
        : base(message, innerException)
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The input file concerned, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based physical line concerned, if any.</summary>
    public long? Line { get; }

    /// <summary>The column concerned, if any.</summary>
    public string? Field { get; }
}
