using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using TrafficEngine.IO;

namespace TrafficEngine.Arrow;

/// <summary>
/// Buffer compression of the Arrow IPC files the engine writes. <see cref="None"/> (the default) opens in every
/// Arrow reader; <see cref="Zstd"/> is for storage (pyarrow, Polars, DuckDB and arrow-rs read it; some lighter
/// readers, such as apache-arrow for JavaScript, do not).
/// </summary>
public enum ArrowCompression
{
    None,
    Lz4,
    Zstd,
}

/// <summary>Parsing and the writer options of <see cref="ArrowCompression"/>.</summary>
public static class ArrowCompressions
{
    /// <summary>The codec factory every reader and writer of the engine uses (LZ4 frame and Zstandard).</summary>
    public static CompressionCodecFactory Codecs { get; } = new();

    /// <summary>Parses <c>none</c>, <c>lz4</c> or <c>zstd</c> (any case).</summary>
    public static ArrowCompression Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToLowerInvariant() switch
        {
            "none" => ArrowCompression.None,
            "lz4" => ArrowCompression.Lz4,
            "zstd" => ArrowCompression.Zstd,
            _ => throw new UserInputException($"Unknown Arrow compression '{value}': use none, lz4 or zstd.", file: null, field: "--compression"),
        };
    }

    public static string Name(this ArrowCompression compression) => compression switch
    {
        ArrowCompression.None => "none",
        ArrowCompression.Lz4 => "lz4",
        ArrowCompression.Zstd => "zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>The IPC writer options for <paramref name="compression"/>.</summary>
    public static IpcOptions WriterOptions(this ArrowCompression compression) => compression switch
    {
        ArrowCompression.None => new IpcOptions(),
        ArrowCompression.Lz4 => new IpcOptions { CompressionCodec = CompressionCodecType.Lz4Frame, CompressionCodecFactory = Codecs },
        ArrowCompression.Zstd => new IpcOptions { CompressionCodec = CompressionCodecType.Zstd, CompressionCodecFactory = Codecs },
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };
}
