using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

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

    private static readonly IArrowType DictionaryUtf8 = ArrowTypes.DictionaryUtf8;

    /// <summary>The file's schema (without the schema metadata, which comes from the network).</summary>
    public static IReadOnlyList<Field> Fields { get; } =
    [
        new Field(EdgeId, Int64Type.Default, nullable: false),
        new Field(SourceId, Int64Type.Default, nullable: false),
        new Field(FromNode, Int64Type.Default, nullable: false),
        new Field(ToNode, Int64Type.Default, nullable: false),
        new Field(FromIndex, Int32Type.Default, nullable: false),
        new Field(ToIndex, Int32Type.Default, nullable: false),
        new Field(Highway, DictionaryUtf8, nullable: false),
        new Field(RoadClassName, DictionaryUtf8, nullable: false),
        new Field(Name, DictionaryUtf8, nullable: true),
        new Field(Lanes, Int16Type.Default, nullable: true),
        new Field(LengthM, DoubleType.Default, nullable: false),
        new Field(FreeFlowKmh, FloatType.Default, nullable: false),
        GeoArrow.WkbField(Geometry),
    ];

    /// <summary>Writes the network atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public static void Write(RoadNetwork network, string path, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        var metadata = new Dictionary<string, string>(network.Metadata, StringComparer.Ordinal)
        {
            ["traffic.network.node_count"] = network.NodeCount.ToString(CultureInfo.InvariantCulture),
            ["traffic.network.edge_count"] = network.EdgeCount.ToString(CultureInfo.InvariantCulture),
        };
        var schema = new Schema(Fields, metadata);
        ArrowFiles.Write(path, schema, [ToBatch(network, schema)], compression);
    }

    /// <summary>Reads a network written by <see cref="Write"/>; a file of another shape fails with <see cref="InvalidDataException"/>.</summary>
    public static RoadNetwork Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        foreach (Field field in Fields)
        {
            int index = schema.GetFieldIndex(field.Name);
            if (index < 0 || !ArrowTypes.Same(schema.FieldsList[index].DataType, field.DataType))
            {
                throw new InvalidDataException(
                    $"{path}: not a road network file: column '{field.Name}' ({ArrowTypes.Describe(field.DataType)}) is {(index < 0 ? "missing" : $"of type {ArrowTypes.Describe(schema.FieldsList[index].DataType)}")}.");
            }
        }

        return RoadNetworkFileReader.FromBatches(path, schema, batches);
    }

    private static RecordBatch ToBatch(RoadNetwork network, Schema schema)
    {
        int edges = network.EdgeCount;
        ReadOnlySpan<int> from = network.EdgeFrom, to = network.EdgeTo;
        ReadOnlySpan<long> nodeIds = network.NodeIds;
        var fromNode = new FixedWidthArrayBuilder<long>(Int64Type.Default, edges);
        var toNode = new FixedWidthArrayBuilder<long>(Int64Type.Default, edges);
        var lanes = new FixedWidthArrayBuilder<short>(Int16Type.Default, edges);
        var classCodes = new FixedWidthArrayBuilder<int>(Int32Type.Default, edges);
        var nameCodes = new FixedWidthArrayBuilder<int>(Int32Type.Default, edges);
        NativeBuffer geometryOffsets = NativeBuffer.Allocate<int>(edges + 1);
        int geometryBytes = checked((Wkb.LineStringSize(0) * edges) + (network.GeometryLon.Length * 16));
        NativeBuffer geometry = NativeBuffer.Allocate(geometryBytes, zeroed: false);
        Span<int> wkbOffsets = geometryOffsets.As<int>();
        Span<byte> wkbBytes = geometry.Bytes;
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
            int size = Wkb.LineStringSize(lon.Length);
            Wkb.WriteLineString(wkbBytes.Slice(wkbOffsets[e], size), lon, network.EdgeLat(e));
            wkbOffsets[e + 1] = wkbOffsets[e] + size;
        }

        string[] classNames = Enumerable.Range(0, RoadClasses.Count).Select(c => RoadClasses.Name((RoadClass)c)).ToArray();
        return ArrowColumns.Batch(schema,
        [
            ArrowArrays.Copy(Int64Type.Default, network.EdgeIds),
            ArrowArrays.Copy(Int64Type.Default, network.SourceIds),
            fromNode.Build(),
            toNode.Build(),
            ArrowArrays.Copy(Int32Type.Default, from),
            ArrowArrays.Copy(Int32Type.Default, to),
            ArrowArrays.Dictionary(ArrowArrays.Copy(Int32Type.Default, network.HighwayCodes), ArrowArrays.Strings(network.HighwayValues)),
            ArrowArrays.Dictionary(classCodes.Build(), ArrowArrays.Strings(classNames)),
            ArrowArrays.Dictionary(nameCodes.Build(), ArrowArrays.Strings(network.NameValues)),
            lanes.Build(),
            ArrowArrays.Copy(DoubleType.Default, network.LengthMetres),
            ArrowArrays.Copy(FloatType.Default, network.FreeFlowKmh),
            new BinaryArray(BinaryType.Default, edges, geometryOffsets.ToArrow<int>(edges + 1), geometry.ToArrow(wkbOffsets[edges]), ArrowBuffer.Empty, 0, 0),
        ]);
    }
}
