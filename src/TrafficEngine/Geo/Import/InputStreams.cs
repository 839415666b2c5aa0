using System.IO.Compression;
using TrafficEngine.Ingest;

namespace TrafficEngine.Geo.Import;

/// <summary>Opens an input file for reading, decompressing .gz on the fly; a missing or unreadable file fails clearly.</summary>
internal static class InputStreams
{
    public static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new IngestException($"Cannot open input file '{path}': {e.Message}", path, innerException: e);
        }

        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
