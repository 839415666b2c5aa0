using System.CommandLine;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.IO;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Publishing;

namespace Jobs.Commands;

/// <summary>
/// `traffic match`: probes (ingest output) and a road network in; edge traversals, dwell records (one per stay, in
/// dwells.arrow beside the traversals), matched points and a summary out.
/// </summary>
internal static class MatchCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new MatchOptions();
        var network = new Option<string>("--network") { Description = "The road network Arrow file (network.arrow).", Required = true };
        var probes = new Option<string>("--probes") { Description = "The probes Arrow file written by `traffic ingest probes`.", Required = true };
        var output = new Option<string>("--out") { Description = "The traversals Arrow file to write; the summary goes next to it as <name>.summary.json.", Required = true };
        var points = new Option<string?>("--points") { Description = "Also write the matched points (one row per fix) to this Arrow file." };
        var dwells = new Option<string?>("--dwells") { Description = "The dwell records Arrow file (one row per stay); default dwells.arrow beside the traversals (<name>.dwells.arrow unless --out is traversals.arrow)." };
        var sigma = new Option<double>("--sigma") { Description = "GPS error standard deviation in the emission, metres.", DefaultValueFactory = _ => defaults.SigmaMetres };
        var beta = new Option<double>("--beta") { Description = "Transition scale on |great-circle - route distance|, metres.", DefaultValueFactory = _ => defaults.BetaMetres };
        var radius = new Option<double>("--radius") { Description = "Candidate search radius around each fix, metres.", DefaultValueFactory = _ => defaults.RadiusMetres };
        var candidates = new Option<int>("--max-candidates") { Description = "Candidate edges kept per fix.", DefaultValueFactory = _ => defaults.MaxCandidates };
        var gap = new Option<double>("--gap") { Description = "A time gap above this many seconds breaks a trajectory.", DefaultValueFactory = _ => defaults.GapBreakSeconds };
        var maxSpeed = new Option<double>("--max-speed") { Description = "Transitions implying more than this speed (km/h) are impossible.", DefaultValueFactory = _ => defaults.MaxSpeedKmh };
        var speedFactor = new Option<double>("--speed-factor") { Description = "Plausible speed on an edge = its free-flow speed x this; slower routes than the fixes imply are penalised.", DefaultValueFactory = _ => defaults.SpeedFactor };
        var classPreference = new Option<double>("--class-preference") { Description = "Routes cost 1 + road class x this per metre (expressway 0 ... local 3): bigger roads win near-ties. 0 turns it off.", DefaultValueFactory = _ => defaults.ClassPreference };
        var beam = new Option<double>("--beam") { Description = "Viterbi beam in log units per 30 s of gap; candidates further below the best start no route search. 'Infinity' for the exact Viterbi.", DefaultValueFactory = _ => defaults.BeamLogWidth };
        var strict = new Option<bool>("--strict") { Description = "Fail when the probes fit the roads clearly better in another coordinate system than the declared one." };
        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("match", "Map-match probe fixes onto a road network (hidden Markov model): edge traversals with times and speeds.")
        {
            network, probes, output, points, dwells, sigma, beta, radius, candidates, gap, maxSpeed, speedFactor, classPreference, beam, strict, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            var options = new MatchOptions
            {
                SigmaMetres = parse.GetValue(sigma),
                BetaMetres = parse.GetValue(beta),
                RadiusMetres = parse.GetValue(radius),
                MaxCandidates = parse.GetValue(candidates),
                GapBreakSeconds = parse.GetValue(gap),
                MaxSpeedKmh = parse.GetValue(maxSpeed),
                SpeedFactor = parse.GetValue(speedFactor),
                ClassPreference = parse.GetValue(classPreference),
                BeamLogWidth = parse.GetValue(beam),
                StrictCrs = parse.GetValue(strict),
            };
            Execute(context, context.Resolve(parse.GetValue(network)!), context.Resolve(parse.GetValue(probes)!),
                context.Resolve(parse.GetValue(output)!), parse.GetValue(points) is { } p ? context.Resolve(p) : null, options, cancel,
                parse.GetValue(dwells) is { } d ? context.Resolve(d) : null);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>
    /// Runs the match; the dwell records go to <paramref name="dwellsPath"/>, by default <see cref="DefaultDwellsPath"/>
    /// of the traversals.
    /// </summary>
    public static MatchReport Execute(CliContext context, string networkPath, string probesPath, string outputPath,
        string? pointsPath, MatchOptions options, CancellationToken cancel, string? dwellsPath = null)
    {
        options.Validate();
        if (!File.Exists(probesPath))
        {
            throw new FileNotFoundException($"--probes: file '{probesPath}' not found");
        }

        if (!File.Exists(networkPath))
        {
            throw new FileNotFoundException($"--network: file '{networkPath}' not found");
        }

        OutputPaths.EnsureWritableFolder(outputPath);
        if (pointsPath is not null)
        {
            OutputPaths.EnsureWritableFolder(pointsPath);
        }

        dwellsPath ??= DefaultDwellsPath(outputPath);
        OutputPaths.EnsureWritableFolder(dwellsPath);
        string summaryPath = OutputPaths.Sibling(outputPath, ".summary.json");
        RoadNetwork roads = context.ReadNetwork(networkPath);
        var probeFile = new ArrowFileSource(probesPath);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MatchSchema.NetworkKey] = Path.GetFileName(networkPath),
            ["traffic.probes"] = Path.GetFileName(probesPath),
            ["traffic.time_zone_note"] = "timestamps are UTC; Beijing local = UTC+08:00",
        };
        if (probeFile.Schema.Metadata.TryGetValue("traffic.source_crs", out string? crs))
        {
            metadata["traffic.source_crs"] = crs;
        }

        // The files are written as the vehicles are matched; the summary (known only at the end) goes beside them.
        long totalFixes = probeFile.CountRows();
        MatchReport report;
        using var dwells = new MemoryBatchSink(DwellRecords.Schema());
        using (var traversals = new ArrowFileSink(outputPath, MatchSchema.Traversals(metadata), context.Compression))
        using (ArrowFileSink? points = pointsPath is null ? null : new ArrowFileSink(pointsPath, MatchSchema.Points(metadata), context.Compression))
        {
            var matcher = new MapMatcher(roads, options);
            report = ProgressReporter.Run(context, "match", totalFixes, "fixes", progress =>
                matcher.Match(probeFile, traversals, points, dwells, progress, cancel));
            cancel.ThrowIfCancellationRequested();
            traversals.Complete();
            points?.Complete();
        }

        // Few rows (one per stay): held until the end and written whole.
        ArrowFiles.Write(dwellsPath, DwellRecords.Schema(DwellRecords.Metadata(options, metadata)), dwells.Batches, context.Compression);

        string json = report.ToJson();
        AtomicFile.WriteAllText(summaryPath, json);
        Print(context, report, outputPath, dwellsPath, pointsPath, summaryPath);
        return report;
    }

    /// <summary>dwells.arrow in the folder of traversals.arrow; &lt;name&gt;.dwells.arrow beside any other name.</summary>
    public static string DefaultDwellsPath(string traversalsPath) =>
        string.Equals(Path.GetFileName(traversalsPath), "traversals.arrow", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(traversalsPath) ?? ".", "dwells.arrow")
            : OutputPaths.Sibling(traversalsPath, ".dwells.arrow");

    private static void Print(CliContext context, MatchReport report, string output, string dwells, string? points, string summary)
    {
        TextWriter w = context.Out;
        w.WriteLine($"match summary ({report.Vehicles:N0} vehicles, {report.ElapsedSeconds:F2} s, {report.FixesPerSecond:N0} fixes/s on {report.Threads} threads)");
        w.WriteLine($"  fixes            {report.Fixes,12:N0}");
        w.WriteLine($"  matched          {report.FixesMatched,12:N0}  ({report.MatchedPercent:F2} %)");
        w.WriteLine($"  no road in reach {report.NoCandidateFixes,12:N0}");
        w.WriteLine($"  breaks           {report.Breaks,12:N0}  (gap {report.GapBreaks:N0}, impossible {report.ImpossibleBreaks:N0})");
        w.WriteLine($"  distance p50/p95 {Metres(report.MedianDistanceMetres)} / {Metres(report.P95DistanceMetres)}");
        w.WriteLine($"  traversals       {report.TraversalsWritten,12:N0}");
        w.WriteLine($"  dwell            {report.Stays,12:N0} stays, {report.DwellSeconds / 3600:N1} vehicle-hours standing ({report.DwellPairs:N0} fix pairs, no traversal)");
        long leftOut = report.StayEdgePairs + report.VacantPairs + report.FareEndPairs + report.WanderingPairs;
        w.WriteLine($"  left out         {leftOut,12:N0} fix pairs from speeds ({report.StayEdgePairs:N0} into or out of a stay, {report.WanderingPairs:N0} wandering, {report.VacantPairs:N0} vacant{(report.FareEndPairs > 0 ? $", {report.FareEndPairs:N0} at drop-offs and pick-ups" : "")})");
        foreach (string warning in report.Warnings)
        {
            context.Warn(warning);
        }

        w.WriteLine($"  wrote {output}");
        w.WriteLine($"        {dwells}  ({report.Stays:N0} dwell records)");
        if (points is not null)
        {
            w.WriteLine($"        {points}");
        }

        w.WriteLine($"        {summary}");
    }

    private static string Metres(double? value) => value is { } m ? $"{m:F1} m" : "-";
}
