namespace TrafficEngine.Arrow;

/// <summary>Constants of the Arrow IPC format the engine reads and writes.</summary>
public static class ArrowFormat
{
    /// <summary>The metadata version written: V5, current since Arrow 1.0.</summary>
    public const string Version = "V5";

    /// <summary>Magic bytes at the start and end of an Arrow IPC file.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    /// <summary>Marker before each encapsulated message's metadata length.</summary>
    internal const uint Continuation = 0xFFFFFFFF;

    /// <summary>MetadataVersion enum values of Schema.fbs.</summary>
    internal const short MetadataV4 = 3;
    internal const short MetadataV5 = 4;

    /// <summary>Body buffers are written at this alignment; any multiple of 8 is accepted when reading.</summary>
    internal const int BodyAlignment = 64;
}
