using System.CommandLine;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.Publishing;
using TrafficEngine.IO;

namespace Jobs.Commands;

/// <summary>`traffic network import`: a road network file in, one Arrow file of directed drivable edges out.</summary>
internal static class NetworkImportCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Option<string>("--input") { Description = "The network: .osm/.osm.gz, .graphml, .geojson, edge .csv/.csv.gz, or .shp (with its .dbf and .prj).", Required = true };
        var nodes = new Option<string?>("--nodes") { Description = "Node CSV (node_id, lon, lat) for an edge CSV; without it nodes come from the edge endpoints." };
        var output = new Option<string>("--out") { Description = "The Arrow IPC file to write (network.arrow); the summary goes next to it as <name>.summary.json.", Required = true };
        var format = new Option<string?>("--format") { Description = "osm, graphml, geojson, csv or shapefile (default: from the input's extension)." };
        var includeService = new Option<bool>("--include-service") { Description = "Keep highway=service roads (left out by default)." };
        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("import", "Import a road network: drivable roads as directed edges, junction to junction, with class, length, speed and geometry.")
        {
            input, nodes, output, format, includeService, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            cancel.ThrowIfCancellationRequested();
            Execute(
                context,
                context.Resolve(parse.GetValue(input)!),
                parse.GetValue(nodes) is { } n ? context.Resolve(n) : null,
                context.Resolve(parse.GetValue(output)!),
                parse.GetValue(format),
                parse.GetValue(includeService));
            return Task.FromResult(0);
        });
        return command;
    }

    public static NetworkImportReport Execute(CliContext context, string input, string? nodes, string output, string? format, bool includeService)
    {
        var options = new NetworkImportOptions
        {
            Input = input,
            Nodes = nodes,
            Format = format is null ? null : ParseFormat(format),
            IncludeService = includeService,
        };
        options.Validate();
        OutputPaths.EnsureWritableFolder(output);
        string summaryPath = OutputPaths.Sibling(output, ".summary.json");

        (RoadNetwork network, NetworkImportReport report) = NetworkImporter.Import(options);
        RoadNetworkFile.Write(network, output, context.Compression);
        AtomicFile.WriteAllText(summaryPath, report.ToJson());
        Print(context, report, output, summaryPath);
        return report;
    }

    private static NetworkFormat ParseFormat(string format)
    {
        try
        {
            return NetworkFormatNames.Parse(format);
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException($"--format: {ex.Message.Replace(" (Parameter 'name')", "", StringComparison.Ordinal)}", null, field: "--format", innerException: ex);
        }
    }

    private static void Print(CliContext context, NetworkImportReport report, string output, string summary)
    {
        TextWriter w = context.Out;
        w.WriteLine($"network import summary ({report.Format}, {report.SourceFile}{(report.NodesFile is null ? "" : " + " + report.NodesFile)}, service roads {(report.IncludeService ? "kept" : "left out")}, {report.Elapsed.TotalSeconds:F2} s)");
        w.WriteLine($"  records read       {report.RecordsRead,12:N0}");
        w.WriteLine($"  records kept       {report.RecordsKept,12:N0}");
        w.WriteLine($"  directed edges     {report.Edges,12:N0}");
        w.WriteLine($"  nodes              {report.Nodes,12:N0}");
        foreach (KeyValuePair<string, int> pair in report.EdgesByClass)
        {
            w.WriteLine($"    {pair.Key,-16}{pair.Value,12:N0} edges {report.KmByClass[pair.Key],10:N1} km");
        }

        w.WriteLine($"  skipped (not drivable) {report.SkippedTotal,8:N0}");
        foreach (KeyValuePair<string, long> pair in report.SkippedByHighway)
        {
            w.WriteLine($"    {pair.Key,-16}{pair.Value,12:N0}");
        }

        w.WriteLine($"  rejected           {report.Rejected.Values.Sum(),12:N0}");
        foreach (KeyValuePair<string, long> pair in report.Rejected.Where(p => p.Value > 0))
        {
            w.WriteLine($"    {pair.Key,-16}{pair.Value,12:N0}");
        }

        w.WriteLine($"  dangling node refs {report.DanglingNodeRefs,12:N0}");
        foreach (KeyValuePair<string, long> pair in report.Notes)
        {
            w.WriteLine($"  {pair.Key,-18} {pair.Value,12:N0}");
        }

        foreach (string warning in report.Warnings)
        {
            context.Warn(warning);
        }

        w.WriteLine($"  wrote {output}");
        w.WriteLine($"        {summary}");
    }
}
