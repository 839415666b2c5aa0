namespace TrafficEngine.Ingest;

/// <summary>Layouts of probe GPS files.</summary>
public enum ProbeFormat
{
    /// <summary>MSRA T-Drive: no header, <c>taxi_id,YYYY-MM-DD HH:MM:SS,lon,lat</c>, Beijing local time.</summary>
    TDrive,

    /// <summary>
    /// CSV with a header naming <c>vehicle_id</c>, <c>timestamp</c>, <c>lon</c>, <c>lat</c> and optionally
    /// <c>speed_kmh</c>, <c>heading_deg</c>, <c>occupied</c>, in any order. RFC 4180 quoting (line breaks allowed in
    /// quoted fields); timestamps ISO-8601 (without an offset: Beijing local time, UTC+08:00) or epoch seconds/milliseconds.
    /// </summary>
    Csv,
}

/// <summary>The command-line and metadata names of <see cref="ProbeFormat"/> values.</summary>
public static class ProbeFormatNames
{
    public const string TDrive = "tdrive";
    public const string Csv = "csv";

    public static ProbeFormat Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            TDrive => ProbeFormat.TDrive,
            Csv => ProbeFormat.Csv,
            _ => throw new ArgumentException($"Unknown probe format '{name}'; valid names are {TDrive}, {Csv}.", nameof(name)),
        };
    }

    public static string ToName(this ProbeFormat format) => format switch
    {
        ProbeFormat.TDrive => TDrive,
        ProbeFormat.Csv => Csv,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown probe format."),
    };
}
