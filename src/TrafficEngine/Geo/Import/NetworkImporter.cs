using System.Diagnostics;
using System.Globalization;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Imports a road network file into a <see cref="RoadNetwork"/> of directed, drivable edges and reports what was kept,
/// left out and rejected. Bad input fails with an <see cref="UserInputException"/> naming file, line or feature and field.
/// </summary>
public static class NetworkImporter
{
    /// <summary>Schema metadata keys written with the network.</summary>
    public const string SourceFileKey = "traffic.network.source_file";
    public const string FormatKey = "traffic.network.format";
    public const string IncludeServiceKey = "traffic.network.include_service";
    public const string NodeCountKey = "traffic.network.node_count";
    public const string EdgeCountKey = "traffic.network.edge_count";
    public const string SummaryKey = "traffic.network.import_summary";

    public static (RoadNetwork Network, NetworkImportReport Report) Import(NetworkImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        NetworkFormat format = options.Format ?? NetworkFormatNames.FromPath(options.Input);
        RequireFile(options.Input);
        if (options.Nodes is not null)
        {
            RequireFile(options.Nodes);
        }

        var clock = Stopwatch.StartNew();
        var sink = new ImportSink(options.Input, options.IncludeService);
        switch (format)
        {
            case NetworkFormat.Csv:
                EdgeCsvReader.Read(options.Input, options.Nodes, sink);
                break;
            case NetworkFormat.GraphMl:
                GraphMlReader.Read(options.Input, sink);
                break;
            case NetworkFormat.Osm:
                OsmXmlReader.Read(options.Input, sink);
                break;
            case NetworkFormat.GeoJson:
                GeoJsonNetworkReader.Read(options.Input, sink);
                break;
            case NetworkFormat.Shapefile:
                ShapefileNetworkReader.Read(options.Input, sink);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), format, "Unknown network format.");
        }

        RoadNetworkBuilder builder = sink.Builder;
        string sourceFile = Path.GetFileName(options.Input);
        builder.Metadata[SourceFileKey] = sourceFile;
        builder.Metadata[FormatKey] = format.ToName();
        builder.Metadata[IncludeServiceKey] = options.IncludeService ? "true" : "false";
        RoadNetwork network = builder.Build();
        NetworkImportReport report = sink.Report(network, format, sourceFile,
            options.Nodes is null ? null : Path.GetFileName(options.Nodes), clock.Elapsed);

        // The stored summary and counts travel with the network into its Arrow file.
        network.SetMetadata(NodeCountKey, network.NodeCount.ToString(CultureInfo.InvariantCulture));
        network.SetMetadata(EdgeCountKey, network.EdgeCount.ToString(CultureInfo.InvariantCulture));
        network.SetMetadata(SummaryKey, report.ToJson());
        return (network, report);
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"Input file '{path}' does not exist.", path);
        }
    }
}
