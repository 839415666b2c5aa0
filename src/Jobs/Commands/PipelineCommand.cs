using System.CommandLine;
using System.Diagnostics;

namespace Jobs.Commands;

/// <summary>
/// `traffic pipeline`: the main job on the embedded default. For now: ingest the sample probe feed into
/// out/probes.arrow (with its quarantine and summary). Later stages (matching, congestion, publication) join here.
/// </summary>
internal static class PipelineCommand
{
    /// <summary>Beijing municipality, generously: fixes outside are not Beijing traffic.</summary>
    public const string BeijingBoundingBox = "115.4,39.4,117.6,41.1";

    public static Command Create(CliContext context)
    {
        var samples = new Option<string>("--samples") { Description = "Folder of sample data (default: data/samples of this repository).", DefaultValueFactory = _ => "data/samples" };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var command = new Command("pipeline", "Run the main job on the sample data: ingest (and, as they land, matching, congestion, publication).")
        {
            samples, output,
        };
        command.SetAction((parse, cancel) =>
        {
            string samplesFolder = context.Resolve(parse.GetValue(samples)!);
            if (!Directory.Exists(samplesFolder))
            {
                throw new DirectoryNotFoundException($"sample folder '{samplesFolder}' not found; run from the repository root or pass --samples");
            }

            string outFolder = context.Resolve(parse.GetValue(output)!);
            Directory.CreateDirectory(outFolder);
            var clock = Stopwatch.StartNew();
            context.Out.WriteLine($"pipeline: stage 1/1 ingest probes from {Path.Combine(samplesFolder, "tdrive")}");
            IngestProbesCommand.Execute(
                new IngestRequest(
                    Input: Path.Combine(samplesFolder, "tdrive"),
                    Format: "tdrive",
                    Crs: "wgs84",
                    Output: Path.Combine(outFolder, "probes.arrow"),
                    Quarantine: null,
                    BoundingBox: BeijingBoundingBox,
                    From: null,
                    To: null,
                    MaxSpeedKmh: 150,
                    Key: null,
                    TempDirectory: null),
                context,
                cancel);
            context.Out.WriteLine($"pipeline: done in {clock.Elapsed.TotalSeconds:F1} s; outputs in {outFolder}");
            return Task.FromResult(0);
        });
        return command;
    }
}
