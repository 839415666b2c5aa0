using System.IO.Compression;

namespace TrafficEngine.IO;

/// <summary>Opens a user's input file for reading; a missing or unreadable file fails as a <see cref="UserInputException"/>.</summary>
public static class InputFile
{
    /// <summary>Whether the path names a gzip file (by its .gz extension).</summary>
    public static bool IsGzip(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The file as a stream, decompressed on the fly when it ends in .gz.</summary>
    public static Stream Open(string path)
    {
        FileStream file = OpenRaw(path, 1 << 16);
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The file's bytes as stored (no decompression), read sequentially.</summary>
    public static FileStream OpenRaw(string path, int bufferSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new UserInputException($"Cannot open input file '{path}': {e.Message}", path, innerException: e);
        }
    }
}
