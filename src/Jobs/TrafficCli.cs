namespace Jobs;

/// <summary>The `traffic` command line.</summary>
public static class TrafficCli
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("traffic: no commands yet");
        return 2;
    }
}
