namespace TrafficEngine.Ingest;

/// <summary>Progress of the read phase: bytes of the input files consumed so far (compressed bytes for .gz).</summary>
public readonly record struct IngestProgress(long BytesRead, long TotalBytes, long RowsRead);
