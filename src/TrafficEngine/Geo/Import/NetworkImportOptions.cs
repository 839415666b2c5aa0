namespace TrafficEngine.Geo.Import;

/// <summary>What to import and how.</summary>
public sealed class NetworkImportOptions
{
    /// <summary>The network file (.osm[.gz], .graphml, .geojson, edge .csv[.gz], .shp). Required.</summary>
    public string Input { get; set; } = "";

    /// <summary>Node CSV for the csv format (node_id, lon, lat); without it nodes come from edge endpoints.</summary>
    public string? Nodes { get; set; }

    /// <summary>The source format; null means from the input's extension.</summary>
    public NetworkFormat? Format { get; set; }

    /// <summary>Whether highway=service roads are kept (default false: parking aisles and driveways are left out).</summary>
    public bool IncludeService { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Input))
        {
            throw new ArgumentException("An input network file is required.", nameof(Input));
        }

        if (Nodes is not null && (Format ?? NetworkFormatNames.FromPath(Input)) != NetworkFormat.Csv)
        {
            throw new ArgumentException("A node file (--nodes) goes only with the csv format.", nameof(Nodes));
        }
    }
}
