namespace TrafficEngine.Arrow;

/// <summary>Constants of the Arrow IPC format the engine reads and writes.</summary>
public static class ArrowFormat
{
    /// <summary>The metadata version written: V5, current since Arrow 1.0.</summary>
    public const string Version = "V5";

    /// <summary>Magic bytes at the start and end of an Arrow IPC file.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;
}
