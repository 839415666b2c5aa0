using System.CommandLine;
using Jobs.Commands;

namespace Jobs;

/// <summary>The `traffic` command line: builds the command tree and turns user errors into one clear line.</summary>
public static class TrafficCli
{
    /// <summary>Exit code for a run that failed on bad arguments, missing files or unreadable input.</summary>
    public const int UserError = 1;

    /// <summary>Exit code for an unexpected failure (a bug): the stack trace is printed.</summary>
    public const int InternalError = 70;

    /// <summary>Exit code after Ctrl-C (SIGINT): 128 + 2, as shells report it.</summary>
    public const int Cancelled = 130;

    public static RootCommand BuildRoot(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("Traffic: probe GPS, commute and parking data turned into the numbers transport planners use.");
        var ingest = new Command("ingest", "Take raw data in, cleaned and columnar.");
        ingest.Subcommands.Add(IngestProbesCommand.Create(context));
        root.Subcommands.Add(ingest);
        var network = new Command("network", "Road networks: import them for map matching and congestion.");
        network.Subcommands.Add(NetworkImportCommand.Create(context));
        root.Subcommands.Add(network);
        root.Subcommands.Add(MatchCommand.Create(context));
        root.Subcommands.Add(CongestionCommand.Create(context));
        root.Subcommands.Add(CommuteCommand.Create(context));
        root.Subcommands.Add(PipelineCommand.Create(context));
        return root;
    }

    public static int Run(string[] args, CliContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        context ??= CliContext.FromConsole();
        RootCommand root = BuildRoot(context);
        ParseResult parse = root.Parse(args);
        try
        {
            // On Ctrl-C the token is cancelled and the command gets 30 s to remove its temporary files before the process ends.
            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            });
        }
        catch (Exception ex) when (UserErrors.IsUserError(ex))
        {
            context.Error.WriteLine($"traffic: error: {UserErrors.Describe(ex)}");
            return UserError;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("traffic: cancelled; no output was published");
            return Cancelled;
        }
        catch (Exception ex)
        {
            context.Error.WriteLine($"traffic: internal error: {ex}");
            return InternalError;
        }
    }
}
