using TrafficEngine.Geo;

namespace TrafficEngine.Ingest;

/// <summary>Settings of one probe GPS ingest. Defaults are documented per property; call <see cref="Validate"/>.</summary>
public sealed class ProbeIngestOptions
{
    /// <summary>Input files in order (the caller expands folders with <see cref="ProbeInputs.Expand"/>).</summary>
    public IList<string> Inputs { get; init; } = [];

    /// <summary>File layout; default <see cref="ProbeFormat.TDrive"/>.</summary>
    public ProbeFormat Format { get; set; } = ProbeFormat.TDrive;

    /// <summary>Coordinate system the feed declares; converted to WGS-84 on ingest. Default WGS-84.</summary>
    public Crs SourceCrs { get; set; } = Crs.Wgs84;

    /// <summary>Keep only fixes inside this WGS-84 box; null keeps all.</summary>
    public BoundingBox? BoundingBox { get; set; }

    /// <summary>Keep only fixes at or after this UTC epoch millisecond; null for no lower bound.</summary>
    public long? FromUtcMs { get; set; }

    /// <summary>Keep only fixes strictly before this UTC epoch millisecond; null for no upper bound.</summary>
    public long? ToUtcMs { get; set; }

    /// <summary>
    /// Implied speed from the previous kept fix above which a fix is drift; default 150 km/h. With a look-ahead: when
    /// the fix agrees with its next two fixes and the previous kept fix with neither, the previous one is the drift.
    /// </summary>
    public double MaxSpeedKmh { get; set; } = 150;

    /// <summary>Rows buffered in memory before partitions spill to temporary files; default 4,000,000 (~200 MB).</summary>
    public long MaxRowsInMemory { get; set; } = 4_000_000;

    /// <summary>Largest output batch; default 1,048,576 rows.</summary>
    public int MaxBatchRows { get; set; } = 1 << 20;

    /// <summary>Folder for temporary partition files; null means <see cref="Path.GetTempPath"/>.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>Replaces raw vehicle ids; required.</summary>
    public Pseudonymizer? Pseudonymizer { get; set; }

    /// <summary>Bytes read between progress reports; default 4 MiB.</summary>
    public long ProgressIntervalBytes { get; set; } = 4 << 20;

    public void Validate()
    {
        if (Inputs is null || Inputs.Count == 0)
        {
            throw new ArgumentException("At least one input file is required.", nameof(Inputs));
        }

        foreach (string input in Inputs)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                throw new ArgumentException("An input file path is empty.", nameof(Inputs));
            }
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown probe format.");
        }

        if (!Enum.IsDefined(SourceCrs))
        {
            throw new ArgumentOutOfRangeException(nameof(SourceCrs), SourceCrs, "Unknown coordinate system.");
        }

        if (FromUtcMs is long from && ToUtcMs is long to && from >= to)
        {
            throw new ArgumentException($"The time window is empty: from {from} ms is not before to {to} ms.", nameof(ToUtcMs));
        }

        if (!(MaxSpeedKmh > 0) || double.IsInfinity(MaxSpeedKmh))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpeedKmh), MaxSpeedKmh, "The drift speed limit must be a positive finite number of km/h.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRowsInMemory, 1, nameof(MaxRowsInMemory));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchRows, 1, nameof(MaxBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProgressIntervalBytes, 1, nameof(ProgressIntervalBytes));
        if (Pseudonymizer is null)
        {
            throw new ArgumentException("A pseudonymizer is required: raw vehicle ids are personal data.", nameof(Pseudonymizer));
        }
    }
}
