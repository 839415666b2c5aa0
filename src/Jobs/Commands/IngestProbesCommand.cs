using System.CommandLine;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.Publishing;
using TrafficEngine.IO;

namespace Jobs.Commands;

/// <summary>`traffic ingest probes`: raw probe GPS CSV in, one cleaned, pseudonymised Arrow file out.</summary>
internal static class IngestProbesCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Option<string>("--input") { Description = "A .csv or .csv.gz file, or a folder of them.", Required = true };
        var format = new Option<string>("--format") { Description = "Input layout: tdrive (no header: taxi_id,datetime,lon,lat in Beijing time) or csv (header with vehicle_id,timestamp,lon,lat[,speed_kmh,heading_deg,occupied]; RFC 4180 quoting, line breaks allowed in quoted fields; timestamp ISO-8601, without an offset read as Beijing local time UTC+08:00, or epoch seconds/milliseconds).", Required = true };
        var crs = new Option<string>("--crs") { Description = "Coordinate system of the input: wgs84, gcj02 or bd09. Output is always WGS-84.", Required = true };
        var output = new Option<string>("--out") { Description = "The Arrow IPC file to write (probes.arrow); the summary goes next to it as <name>.summary.json.", Required = true };
        var quarantine = new Option<string?>("--quarantine") { Description = "CSV file for rejected rows (default: <out name>.quarantine.csv next to the output)." };
        var bbox = new Option<string?>("--bbox") { Description = "Keep fixes inside minLon,minLat,maxLon,maxLat (WGS-84)." };
        var from = new Option<string?>("--from") { Description = "Keep fixes at or after this time: ISO-8601 (without an offset: Beijing local time) or epoch seconds." };
        var to = new Option<string?>("--to") { Description = "Keep fixes before this time (same forms as --from)." };
        var maxSpeed = new Option<double>("--max-speed") { Description = "Drift threshold: a fix implying more than this speed (km/h) from the vehicle's previous kept fix is rejected, unless its next two fixes agree with it and none with that previous fix, which is then rejected instead.", DefaultValueFactory = _ => 150.0 };
        var key = new Option<string?>("--key") { Description = "Pseudonymisation key (base64 or hex). Default: $TRAFFIC_PSEUDONYM_KEY, else the key file in the user's configuration folder." };
        var temp = new Option<string?>("--temp") { Description = "Folder for temporary partitions when the input does not fit in memory (default: the system temp folder)." };

        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("probes", "Ingest probe-vehicle GPS fixes: parse, convert to WGS-84, pseudonymise, clean, sort by vehicle and time.")
        {
            input, format, crs, output, quarantine, bbox, from, to, maxSpeed, key, temp, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            var request = new IngestRequest(
                context.Resolve(parse.GetValue(input)!),
                parse.GetValue(format)!,
                parse.GetValue(crs)!,
                context.Resolve(parse.GetValue(output)!),
                parse.GetValue(quarantine) is { } q ? context.Resolve(q) : null,
                parse.GetValue(bbox),
                parse.GetValue(from),
                parse.GetValue(to),
                parse.GetValue(maxSpeed),
                parse.GetValue(key),
                parse.GetValue(temp));
            Execute(request, context, cancel);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Runs one ingest and prints its summary; shared by `ingest probes` and the main pipeline.</summary>
    public static IngestReport Execute(IngestRequest request, CliContext context, CancellationToken cancel)
    {
        ProbeFormat format = OptionValue("--format", () => ProbeFormatNames.Parse(request.Format));
        Crs crs = OptionValue("--crs", () => CrsNames.Parse(request.Crs));
        IReadOnlyList<string> inputs = ProbeInputs.Expand(request.Input);
        string outputPath = request.Output;
        OutputPaths.EnsureWritableFolder(outputPath);
        string summaryPath = OutputPaths.Sibling(outputPath, ".summary.json");
        string quarantinePath = request.Quarantine ?? OutputPaths.Sibling(outputPath, ".quarantine.csv");
        OutputPaths.EnsureWritableFolder(quarantinePath);

        PseudonymKey key = OptionValue("--key", () => PseudonymKey.Resolve(request.Key, context.GetEnvironmentVariable, context.ConfigFolder, context.Warn));
        var options = new ProbeIngestOptions
        {
            Inputs = [.. inputs],
            Format = format,
            SourceCrs = crs,
            BoundingBox = request.BoundingBox is null ? null : OptionValue("--bbox", () => BoundingBox.Parse(request.BoundingBox)),
            FromUtcMs = request.From is null ? null : TimeArguments.ParseUtcMs(request.From, "--from"),
            ToUtcMs = request.To is null ? null : TimeArguments.ParseUtcMs(request.To, "--to"),
            MaxSpeedKmh = request.MaxSpeedKmh,
            TempDirectory = request.TempDirectory ?? Path.GetTempPath(),
            Pseudonymizer = new Pseudonymizer(key),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException(UserErrors.Describe(ex), null, field: ex.ParamName, innerException: ex);
        }

        // The quarantine is published like the output: complete or not at all.
        string quarantineTemp = AtomicFile.TemporaryPathFor(quarantinePath);
        IngestReport report;
        try
        {
            using (CsvQuarantineWriter quarantine = CsvQuarantineWriter.Create(quarantineTemp))
            {
                report = ProgressReporter.Run(context, "ingest", progress =>
                    ProbeIngestAnalyzer.Run(options, schema => new ArrowFileSink(outputPath, schema, context.Compression), quarantine, progress, cancel));
            }

            AtomicFile.Commit(quarantineTemp, quarantinePath);
        }
        finally
        {
            File.Delete(quarantineTemp);
        }

        AtomicFile.WriteAllText(summaryPath, report.ToJson());
        SummaryPrinter.Print(context, report, outputPath, quarantinePath, summaryPath);
        return report;
    }

    /// <summary>Parses an option value, prefixing a parse error with the option's name.</summary>
    private static T OptionValue<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            string message = ex is ArgumentException { ParamName: { } name }
                ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
                : ex.Message;
            throw new UserInputException($"{option}: {message}", null, field: option, innerException: ex);
        }
    }
}

/// <summary>The arguments of one probe ingest, as the user gave them.</summary>
internal sealed record IngestRequest(
    string Input,
    string Format,
    string Crs,
    string Output,
    string? Quarantine,
    string? BoundingBox,
    string? From,
    string? To,
    double MaxSpeedKmh,
    string? Key,
    string? TempDirectory);
