namespace Jobs;

/// <summary>
/// Where a command writes, whether it talks to a person at a terminal, and where it looks up environment variables
/// and its configuration folder: the test seam of the CLI.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool Interactive, string WorkingDirectory)
{
    /// <summary>Environment variable lookup (the process environment unless a test replaces it).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The user's configuration folder for Traffic (~/.config/traffic unless a test replaces it).</summary>
    /// <summary>Buffer compression of the Arrow files the command writes (its <c>--compression</c>); none by default.</summary>
    public TrafficEngine.Arrow.ArrowCompression Compression { get; set; }

    public string ConfigFolder { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "traffic");

    /// <summary>
    /// Reads a road network file for `traffic match` (<see cref="NetworkFiles.Read"/> unless a test replaces it).
    /// </summary>
    public Func<string, TrafficEngine.Geo.RoadNetwork> ReadNetwork { get; init; } = NetworkFiles.Read;

    public static CliContext FromConsole() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null,
        Environment.CurrentDirectory);

    /// <summary>A path relative to the working directory made absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>Writes a warning line to the error stream.</summary>
    public void Warn(string message) => Error.WriteLine($"traffic: warning: {message}");
}
