using System.Diagnostics;

namespace Jobs.Tests;

/// <summary>
/// Ctrl-C on the real `traffic` process: SIGINT to a child process running the pipeline on the samples. The command
/// must stop with exit code 130 and its one-line message, publish nothing, and leave no temporary files behind.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Pipeline_Sigint_Exits130PublishesNothingAndRemovesItsTemporaryFiles()
    {
        using var temp = new TempFolder();
        string tmp = Directory.CreateDirectory(temp.File("tmp")).FullName;
        string output = temp.File("out");
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "traffic.dll"), "pipeline", "--out", output])
        {
            WorkingDirectory = CliRunner.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TMPDIR"] = tmp;
        start.Environment["XDG_CONFIG_HOME"] = temp.File("config");
        using Process child = Process.Start(start)!;
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        var error = new System.Text.StringBuilder();

        // The first progress line says the work has begun; then Ctrl-C.
        string? first = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(child.HasExited, $"the pipeline ended before it could be interrupted: {first}");
        error.AppendLine(first);
        using (Process kill = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        error.Append(await child.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);
        await stdout;

        string messages = error.ToString();
        Assert.True(child.ExitCode == TrafficCli.Cancelled, $"exit {child.ExitCode}:\n{messages}");
        Assert.Contains("traffic: cancelled; no output was published", messages, StringComparison.Ordinal);
        string[] published = Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : [];
        Assert.True(published.Length == 0, "published after Ctrl-C: " + string.Join(", ", published));
        string[] staged = Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!, ".out.partial-*");
        Assert.True(staged.Length == 0, "staging left after Ctrl-C: " + string.Join(", ", staged));
        string[] left = Directory.GetFileSystemEntries(tmp, "*", SearchOption.AllDirectories);
        Assert.True(left.Length == 0, "temporary files left after Ctrl-C: " + string.Join(", ", left));
    }

    /// <summary>The dotnet host running these tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
