using TrafficEngine.IO;
namespace Jobs;

/// <summary>Checks and derives output paths before any work starts, so a bad path fails in the first second.</summary>
internal static class OutputPaths
{
    /// <summary>"out/probes.arrow" + ".summary.json" -> "out/probes.summary.json".</summary>
    public static string Sibling(string path, string suffix)
    {
        string folder = Path.GetDirectoryName(path) ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + suffix);
    }

    /// <summary>Creates the folder of <paramref name="path"/> and proves it can be written.</summary>
    public static void EnsureWritableFolder(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UserInputException($"output '{path}' is a folder; give a file name", path);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".traffic-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot write to '{folder}' for output '{path}': {ex.Message}", path, innerException: ex);
        }
    }
}
