namespace Bench;

/// <summary>Locates the shared development datasets; a missing dataset fails loudly.</summary>
public static class BenchData
{
    public static string RepositoryRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Traffic.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Traffic.sln not found above " + AppContext.BaseDirectory);
    }

    public static string TDriveFile()
    {
        string path = Path.Combine(RepositoryRoot(), "..", "shared", "data", "tdrive_beijing_taxi", "tdrive_taxi_mod12eq0_2008-02-02_to_05.csv");
        return File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"T-Drive development set not found at {Path.GetFullPath(path)}; the benches need ../shared/data next to the repository.");
    }

    /// <summary>A file under ../shared/data (path relative to it).</summary>
    public static string SharedFile(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", relative));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Shared dataset file not found at {path}; the benches need ../shared/data next to the repository.");
    }
}
