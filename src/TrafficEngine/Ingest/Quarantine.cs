namespace TrafficEngine.Ingest;

/// <summary>One rejected input row: where it came from, why, and its text as read (without the line end).</summary>
public sealed record QuarantinedRow(string File, long Line, string Reason, string? Field, string Raw);

/// <summary>Receives rejected rows.</summary>
public interface IQuarantineSink
{
    void Write(QuarantinedRow row);
}

/// <summary>Keeps rejected rows in memory (tests, small inputs).</summary>
public sealed class MemoryQuarantineSink : IQuarantineSink
{
    private readonly List<QuarantinedRow> _rows = [];

    public IReadOnlyList<QuarantinedRow> Rows => _rows;

    public void Write(QuarantinedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _rows.Add(row);
    }
}
