namespace TrafficEngine.Ingest;

/// <summary>Turns the <c>--input</c> argument into the list of files to ingest.</summary>
public static class ProbeInputs
{
    /// <summary>
    /// The single file at <paramref name="path"/>, or the .csv and .csv.gz files directly inside the folder at
    /// <paramref name="path"/>, sorted by name (ordinal).
    /// </summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (Directory.Exists(path))
        {
            string[] files = Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
                .Select(Path.GetFullPath)
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
                .ToArray();
            return files.Length > 0
                ? files
                : throw new IngestException($"The folder '{path}' holds no .csv or .csv.gz files.", path);
        }

        throw new IngestException($"The input '{path}' is neither a file nor a folder.", path);
    }
}
