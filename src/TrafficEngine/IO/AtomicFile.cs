using System.Text;

namespace TrafficEngine.IO;

/// <summary>
/// Publishes files atomically: content goes to a temporary file in the destination folder, which is renamed over
/// the destination only once complete. A reader never sees half a file; a failed run leaves the old file as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>A fresh temporary path next to <paramref name="destination"/> (same folder, so the rename is atomic).</summary>
    public static string TemporaryPathFor(string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        string full = Path.GetFullPath(destination);
        string folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Moves a finished temporary file over the destination.</summary>
    public static void Commit(string temporaryPath, string destination)
    {
        File.Move(temporaryPath, destination, overwrite: true);
    }

    public static void WriteAllText(string destination, string text)
    {
        string temp = TemporaryPathFor(destination);
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Commit(temp, destination);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
