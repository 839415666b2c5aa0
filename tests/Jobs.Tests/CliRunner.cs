namespace Jobs.Tests;

/// <summary>Runs the `traffic` command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Interactive: false, workingDirectory);

        int exit = TrafficCli.Run(args, context);

        return (exit, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Traffic.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Traffic.sln not found above " + AppContext.BaseDirectory);
    }
}
