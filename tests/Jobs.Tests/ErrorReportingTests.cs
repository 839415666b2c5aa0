using TrafficEngine.Geo;
using TrafficEngine.IO;

namespace Jobs.Tests;

/// <summary>User errors end in one line and exit code 1; bugs print their stack trace and exit with code 70.</summary>
public sealed class ErrorReportingTests
{
    [Fact]
    public void UserInputException_FromTheEngine_OneLineExitCode1()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("edges.csv"), "edge_id,u,v,name,wkt\n7,0,1,\"open,LINESTRING (0 0, 1 1)\n8,1,0,x,LINESTRING (1 1, 0 0)\n");

        (int exit, _, string error) = CliRunner.Run(temp.Path, "network", "import", "--input", "edges.csv", "--out", "n.arrow");

        Assert.Equal(TrafficCli.UserError, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("edges.csv: line 2 (where the record starts; it runs to line 3), field name: malformed quotes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentException_FromDeepInTheEngine_IsABugWithStackTraceExitCode70()
    {
        (int exit, string error) = CongestionWithNetwork(_ => new BoundingBox(10, 0, 5, 1).Contains(0, 0) ? null! : null!);

        Assert.Equal(TrafficCli.InternalError, exit);
        Assert.StartsWith("traffic: internal error: System.ArgumentException", error, StringComparison.Ordinal);
        Assert.Contains("   at TrafficEngine.Geo.BoundingBox..ctor", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOperationException_IsABugWithStackTraceExitCode70()
    {
        (int exit, string error) = CongestionWithNetwork(_ => throw new InvalidOperationException("an impossible state"));

        Assert.Equal(TrafficCli.InternalError, exit);
        Assert.Contains("an impossible state", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IOException_NotAboutTheUsersFile_IsABugWithStackTraceExitCode70()
    {
        (int exit, string error) = CongestionWithNetwork(_ => File.ReadAllBytes(Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "spill.bin")) is null ? null! : null!);

        Assert.Equal(TrafficCli.InternalError, exit);
        Assert.Contains("DirectoryNotFoundException", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidation_OfTheUsersValue_StaysAOneLineUserError()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("in.csv"), "1,2008-02-02 13:30:50,116.4,39.9\n");

        (int exit, _, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", "in.csv", "--format", "tdrive", "--crs", "wgs84",
            "--out", "p.arrow", "--from", "2008-02-03", "--to", "2008-02-02", "--key", new string('a', 64));

        Assert.Equal(TrafficCli.UserError, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("time window is empty", error, StringComparison.Ordinal);
    }

    /// <summary>`traffic congestion` on stand-in files, the network read through the test seam.</summary>
    private static (int Exit, string Error) CongestionWithNetwork(Func<string, RoadNetwork> readNetwork)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("network.arrow"), "stand-in");
        File.WriteAllText(temp.File("traversals.arrow"), "stand-in");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Interactive: false, temp.Path) { ReadNetwork = readNetwork };

        int exit = TrafficCli.Run(["congestion", "--network", "network.arrow", "--traversals", "traversals.arrow", "--out", "result"], context);

        return (exit, error.ToString());
    }
}
