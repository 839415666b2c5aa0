using System.Globalization;
using System.Text;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Geo;

/// <summary>
/// A <see cref="RoadNetwork"/> as one Arrow IPC file: one row per directed edge in the network's order (by start
/// node), so the CSR adjacency is the row order plus the dense <c>from_index</c>/<c>to_index</c> columns. Geometry is
/// WKB in a binary column tagged <c>geoarrow.wkb</c> (pyarrow, GeoPandas and DuckDB read it as geometry). Nodes are
/// not stored: their ids come from <c>from_node</c>/<c>to_node</c> and their coordinates from edge endpoints, as
/// <see cref="RoadNetworkBuilder"/> places them, so a network reads back equal to the one written.
/// </summary>
public static class RoadNetworkFile
{
    public const string EdgeId = "edge_id";
    public const string SourceId = "source_id";
    public const string FromNode = "from_node";
    public const string ToNode = "to_node";
    public const string FromIndex = "from_index";
    public const string ToIndex = "to_index";
    public const string Highway = "highway";
    public const string RoadClassName = "road_class";
    public const string Name = "name";
    public const string Lanes = "lanes";
    public const string LengthM = "length_m";
    public const string FreeFlowKmh = "free_flow_kmh";
    public const string Geometry = "geometry";

    private static readonly DataType DictionaryUtf8 = DataType.Dictionary(DataType.Int32, DataType.Utf8);

    /// <summary>The file's schema (without the schema metadata, which comes from the network).</summary>
    public static IReadOnlyList<Field> Fields { get; } =
    [
        new Field(EdgeId, DataType.Int64, nullable: false),
        new Field(SourceId, DataType.Int64, nullable: false),
        new Field(FromNode, DataType.Int64, nullable: false),
        new Field(ToNode, DataType.Int64, nullable: false),
        new Field(FromIndex, DataType.Int32, nullable: false),
        new Field(ToIndex, DataType.Int32, nullable: false),
        new Field(Highway, DictionaryUtf8, nullable: false),
        new Field(RoadClassName, DictionaryUtf8, nullable: false),
        new Field(Name, DictionaryUtf8),
        new Field(Lanes, DataType.Int16),
        new Field(LengthM, DataType.Float64, nullable: false),
        new Field(FreeFlowKmh, DataType.Float32, nullable: false),
        new Field(Geometry, DataType.Binary, nullable: false, new Dictionary<string, string>
        {
            ["ARROW:extension:name"] = "geoarrow.wkb",
            ["ARROW:extension:metadata"] = "{\"crs\":\"OGC:CRS84\"}",
        }),
    ];

    /// <summary>Writes the network atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public static void Write(RoadNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        var metadata = new Dictionary<string, string>(network.Metadata, StringComparer.Ordinal)
        {
            ["traffic.network.node_count"] = network.NodeCount.ToString(CultureInfo.InvariantCulture),
            ["traffic.network.edge_count"] = network.EdgeCount.ToString(CultureInfo.InvariantCulture),
        };
        var schema = new Schema(Fields, metadata);
        ArrowFile.Write(path, schema, [ToBatch(network, schema)]);
    }

    /// <summary>Reads a network written by <see cref="Write"/>; a file of another shape fails with <see cref="InvalidDataException"/>.</summary>
    public static RoadNetwork Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using ArrowFileReader reader = ArrowFileReader.Open(path);
        Schema schema = reader.Schema;
        foreach (Field field in Fields)
        {
            int index = schema.IndexOf(field.Name);
            if (index < 0 || schema.Fields[index].Type != field.Type)
            {
                throw new InvalidDataException(
                    $"{path}: not a road network file: column '{field.Name}' ({field.Type}) is {(index < 0 ? "missing" : $"of type {schema.Fields[index].Type}")}.");
            }
        }

        List<Batch> batches = reader.ReadAll().ToList();
        return RoadNetworkFileReader.FromBatches(path, schema, batches);
    }

    private static Batch ToBatch(RoadNetwork network, Schema schema)
    {
        int edges = network.EdgeCount;
        ReadOnlySpan<int> from = network.EdgeFrom, to = network.EdgeTo;
        ReadOnlySpan<long> nodeIds = network.NodeIds;
        var fromNode = new ColumnBuilder<long>(DataType.Int64, edges);
        var toNode = new ColumnBuilder<long>(DataType.Int64, edges);
        var lanes = new ColumnBuilder<short>(DataType.Int16, edges);
        var classCodes = new ColumnBuilder<int>(DataType.Int32, edges);
        var nameCodes = new ColumnBuilder<int>(DataType.Int32, edges);
        var geometry = new BinaryColumnBuilder(Wkb.LineStringSize(0) * edges + (network.GeometryLon.Length * 16));
        for (int e = 0; e < edges; e++)
        {
            fromNode.Append(nodeIds[from[e]]);
            toNode.Append(nodeIds[to[e]]);
            short laneCount = network.Lanes[e];
            if (laneCount > 0)
            {
                lanes.Append(laneCount);
            }
            else
            {
                lanes.AppendNull();
            }

            classCodes.Append((int)network.Classes[e]);
            int nameCode = network.NameCodes[e];
            if (nameCode < 0)
            {
                nameCodes.AppendNull();
            }
            else
            {
                nameCodes.Append(nameCode);
            }

            ReadOnlySpan<double> lon = network.EdgeLon(e);
            Wkb.WriteLineString(geometry.Reserve(Wkb.LineStringSize(lon.Length)), lon, network.EdgeLat(e));
        }

        string[] classNames = Enumerable.Range(0, RoadClasses.Count).Select(c => RoadClasses.Name((RoadClass)c)).ToArray();
        return new Batch(schema,
        [
            Copy(DataType.Int64, network.EdgeIds),
            Copy(DataType.Int64, network.SourceIds),
            fromNode.Build(),
            toNode.Build(),
            Copy(DataType.Int32, from),
            Copy(DataType.Int32, to),
            new DictionaryColumn(Copy(DataType.Int32, network.HighwayCodes), Strings(network.HighwayValues)),
            new DictionaryColumn(classCodes.Build(), Strings(classNames)),
            new DictionaryColumn(nameCodes.Build(), Strings(network.NameValues)),
            lanes.Build(),
            Copy(DataType.Float64, network.LengthMetres),
            Copy(DataType.Float32, network.FreeFlowKmh),
            geometry.Build(),
        ]);
    }

    private static Column<T> Copy<T>(DataType type, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var builder = new ColumnBuilder<T>(type, values.Length);
        builder.AppendRange(values);
        return builder.Build();
    }

    private static StringColumn Strings(IReadOnlyList<string> values)
    {
        var builder = new StringColumnBuilder(values.Sum(v => Encoding.UTF8.GetByteCount(v)));
        foreach (string value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }
}
