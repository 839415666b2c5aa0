using System.CommandLine;
using System.Diagnostics;
using TrafficEngine.Congestion;
using TrafficEngine.MapMatching;
using TrafficEngine.IO;

namespace Jobs.Commands;

/// <summary>
/// `traffic pipeline`: the main job on the embedded default, on the sample data: import the Beijing road network,
/// ingest the probe feed, map-match it, and compute congestion, writing everything under the output folder
/// (network.arrow, probes.arrow, traversals.arrow, dwells.arrow, matched_points.arrow, congestion/). Each stage's summary is
/// printed and written next to its output. The stages write into a staging folder beside the output folder, moved
/// into place only when every stage has finished: a failed or cancelled run publishes nothing and leaves no staging
/// folder behind.
/// </summary>
internal static class PipelineCommand
{
    /// <summary>Beijing municipality, generously: fixes outside are not Beijing traffic.</summary>
    public const string BeijingBoundingBox = "115.4,39.4,117.6,41.1";

    public static Command Create(CliContext context)
    {
        var samples = new Option<string>("--samples") { Description = "Folder of sample data (default: data/samples of this repository).", DefaultValueFactory = _ => "data/samples" };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        Option<string[]> history = CongestionCommand.HistoryOption();
        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("pipeline", "Run the main job on the sample data: network import, probe ingest, map matching, congestion.")
        {
            samples, output, history, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            string samplesFolder = context.Resolve(parse.GetValue(samples)!);
            if (!Directory.Exists(samplesFolder))
            {
                throw new UserInputException($"sample folder '{samplesFolder}' not found; run from the repository root or pass --samples", samplesFolder, field: "--samples");
            }

            IReadOnlyList<string>? historyPaths = CongestionCommand.HistoryPaths(context, parse.GetValue(history));
            CongestionCommand.RequireHistory(historyPaths);
            string outFolder = Path.GetFullPath(context.Resolve(parse.GetValue(output)!));
            Directory.CreateDirectory(outFolder);
            string staging = Path.Combine(Path.GetDirectoryName(outFolder) ?? outFolder,
                $".{Path.GetFileName(outFolder)}.partial-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            var clock = Stopwatch.StartNew();
            try
            {
                RunStages(context, samplesFolder, staging, historyPaths, cancel);
                cancel.ThrowIfCancellationRequested();
                Publish(staging, outFolder);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }

            context.Out.WriteLine($"pipeline: done in {clock.Elapsed.TotalSeconds:F1} s; outputs in {outFolder}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static void RunStages(CliContext context, string samplesFolder, string folder, IReadOnlyList<string>? history, CancellationToken cancel)
    {
        string networkFolder = Path.Combine(samplesFolder, "beijing_network");
        string network = Path.Combine(folder, "network.arrow");
        string probes = Path.Combine(folder, "probes.arrow");
        string traversals = Path.Combine(folder, "traversals.arrow");
        context.Out.WriteLine($"pipeline: stage 1/4 import the road network from {networkFolder}");
        NetworkImportCommand.Execute(context, Path.Combine(networkFolder, "edges.csv.gz"), Path.Combine(networkFolder, "nodes.csv.gz"),
            network, format: "csv", includeService: true);
        // One workday of every development taxi: enough coverage for a city TPI in the day (the 48-taxi tdrive/ sample,
        // kept for the quick tests, observes under 3 % of the network per bin and publishes insufficient_data only).
        string probeFolder = Path.Combine(samplesFolder, "tdrive_day");
        context.Out.WriteLine($"pipeline: stage 2/4 ingest probes from {probeFolder}");
        IngestProbesCommand.Execute(
            new IngestRequest(
                Input: probeFolder,
                Format: "tdrive",
                Crs: "wgs84",
                Output: probes,
                Quarantine: null,
                BoundingBox: BeijingBoundingBox,
                From: null,
                To: null,
                MaxSpeedKmh: 150,
                Key: null,
                TempDirectory: null),
            context,
            cancel);
        context.Out.WriteLine("pipeline: stage 3/4 map-match the probes onto the network");
        MatchCommand.Execute(context, network, probes, traversals, Path.Combine(folder, "matched_points.arrow"), new MatchOptions(), cancel);
        context.Out.WriteLine("pipeline: stage 4/4 congestion: segment speeds, levels, TPI, reliability");
        CongestionCommand.Execute(context, new CongestionRequest(network, traversals, Path.Combine(folder, "congestion"), null, null, null, history),
            new CongestionOptions(), cancel);
    }

    /// <summary>Moves every finished output from the staging folder into the output folder, replacing older ones.</summary>
    private static void Publish(string staging, string outFolder)
    {
        foreach (string file in Directory.GetFiles(staging))
        {
            File.Move(file, Path.Combine(outFolder, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string folder in Directory.GetDirectories(staging))
        {
            string target = Path.Combine(outFolder, Path.GetFileName(folder));
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(folder, target);
        }
    }
}
