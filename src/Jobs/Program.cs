namespace Jobs;

public static class Program
{
    public static int Main(string[] args) => TrafficCli.Run(args);
}
