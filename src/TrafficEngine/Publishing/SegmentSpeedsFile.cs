using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Publishing;

/// <summary>
/// Writes the segment x bin table as an Arrow file for analysts: every cell, low-sample ones included and flagged
/// (the published CSV and GeoJSON files leave them out). No vehicle identifiers.
/// </summary>
public static class SegmentSpeedsFile
{
    /// <summary>Rows per record batch: the file is written batch by batch, so memory does not grow with the table.</summary>
    internal const int BatchRows = 65_536;

    public static void Write(string path, CongestionResult result, ArrowCompression compression = ArrowCompression.None) =>
        Write(path, result, compression, BatchRows);

    internal static void Write(string path, CongestionResult result, ArrowCompression compression, int batchRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        IArrowType dictionary = ArrowTypes.DictionaryUtf8;
        var schema = new Schema(
        [
            new Field("bin_start", ArrowTypes.TimestampMsUtc, nullable: false),
            new Field("edge_id", Int64Type.Default, nullable: false),
            new Field("from_node", Int64Type.Default, nullable: false),
            new Field("to_node", Int64Type.Default, nullable: false),
            new Field("road_class", dictionary, nullable: false),
            new Field("speed_kmh", DoubleType.Default, nullable: false),
            new Field("free_flow_kmh", FloatType.Default, nullable: false),
            new Field("free_flow_source", dictionary, nullable: false),
            new Field("tti", DoubleType.Default, nullable: false),
            new Field("level", dictionary, nullable: false),
            new Field("traversals", Int32Type.Default, nullable: false),
            new Field("vehicles", Int32Type.Default, nullable: false),
            new Field("vkt", DoubleType.Default, nullable: false),
            new Field("low_sample", BooleanType.Default, nullable: false),
        ], Metadata(result));
        ArrowFiles.Write(path, schema, Batches(schema, result, batchRows), compression); // batches made as they are written
    }

    /// <summary>
    /// The table in batches of <paramref name="batchRows"/> (at least one batch, empty for an empty table). An Arrow IPC file holds one dictionary per column, so
    /// road_class, free_flow_source and level carry their whole fixed domain in every batch (codes are the enum values), not the
    /// values a batch happens to hold.
    /// </summary>
    private static IEnumerable<RecordBatch> Batches(Schema schema, CongestionResult result, int batchRows)
    {
        SegmentSpeedTable speeds = result.Speeds;
        SegmentIndices indices = result.Indices;
        RoadNetwork network = result.Network;
        StringArray classNames = ArrowArrays.Strings(Enumerable.Range(0, RoadClasses.Count).Select(c => RoadClasses.Name((RoadClass)c)));
        StringArray sourceNames = ArrowArrays.Strings(Enumerable.Range(0, FreeFlowSources.Count).Select(s => FreeFlowSources.Code((FreeFlowSource)s)));
        StringArray levelNames = ArrowArrays.Strings(Enumerable.Range(0, CongestionLevels.Count).Select(l => CongestionLevels.Code((CongestionLevel)l)));
        for (int from = 0; from < speeds.Count || (from == 0 && speeds.Count == 0); from += batchRows)
        {
            int n = Math.Min(batchRows, speeds.Count - from);
            var bin = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, n);
            var edgeId = new FixedWidthArrayBuilder<long>(Int64Type.Default, n);
            var fromNode = new FixedWidthArrayBuilder<long>(Int64Type.Default, n);
            var toNode = new FixedWidthArrayBuilder<long>(Int64Type.Default, n);
            var roadClass = new FixedWidthArrayBuilder<int>(Int32Type.Default, n);
            var speed = new FixedWidthArrayBuilder<double>(DoubleType.Default, n);
            var freeFlow = new FixedWidthArrayBuilder<float>(FloatType.Default, n);
            var freeFlowSource = new FixedWidthArrayBuilder<int>(Int32Type.Default, n);
            var tti = new FixedWidthArrayBuilder<double>(DoubleType.Default, n);
            var level = new FixedWidthArrayBuilder<int>(Int32Type.Default, n);
            var traversals = new FixedWidthArrayBuilder<int>(Int32Type.Default, n);
            var vehicles = new FixedWidthArrayBuilder<int>(Int32Type.Default, n);
            var vkt = new FixedWidthArrayBuilder<double>(DoubleType.Default, n);
            var lowSample = new BooleanArray.Builder().Reserve(n);
            for (int c = from; c < from + n; c++)
            {
                int e = speeds.Edges[c];
                bin.Append(speeds.BinStartMs[c]);
                edgeId.Append(network.EdgeIds[e]);
                fromNode.Append(network.NodeIds[network.EdgeFrom[e]]);
                toNode.Append(network.NodeIds[network.EdgeTo[e]]);
                roadClass.Append((int)network.Classes[e]);
                speed.Append(speeds.SpeedKmh(c));
                freeFlow.Append(indices.EdgeFreeFlowKmh[e]);
                freeFlowSource.Append((int)indices.EdgeFreeFlowSource[e]);
                tti.Append(indices.Tti[c]);
                level.Append((int)indices.Levels[c]);
                traversals.Append(speeds.Traversals[c]);
                vehicles.Append(speeds.Vehicles[c]);
                vkt.Append(speeds.Vkt(c));
                lowSample.Append(indices.LowSample[c]);
            }

            yield return ArrowColumns.Batch(schema,
            [
                bin.Build(), edgeId.Build(), fromNode.Build(), toNode.Build(), ArrowArrays.Dictionary(roadClass.Build(), classNames),
                speed.Build(), freeFlow.Build(), ArrowArrays.Dictionary(freeFlowSource.Build(), sourceNames), tti.Build(), ArrowArrays.Dictionary(level.Build(), levelNames), traversals.Build(),
                vehicles.Build(), vkt.Build(), lowSample.Build(),
            ]);
        }
    }

    /// <summary>The run's settings as key/value metadata, shared by every published file's header or sidecar.</summary>
    public static Dictionary<string, string> Metadata(CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        CongestionOptions o = result.Options;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["traffic.bin_minutes"] = o.BinMinutes.ToString(CultureInfo.InvariantCulture),
            ["traffic.min_vehicles"] = o.MinVehicles.ToString(CultureInfo.InvariantCulture),
            ["traffic.free_flow_method"] = o.FreeFlowMethod == FreeFlowMethod.OffPeakPercentile
                ? string.Create(CultureInfo.InvariantCulture, $"off_peak_p{o.FreeFlowPercentile * 100:0.#}")
                : string.Create(CultureInfo.InvariantCulture, $"fastest_{o.FastestHours}_hours_min_{o.MinHourlyTraversals}"),
            ["traffic.free_flow_fallback"] = string.Create(CultureInfo.InvariantCulture,
                $"edge > road (same name or way, class, turn <= {o.FreeFlowRoadMaxTurnDegrees} deg, {o.FreeFlowRoadStretchMetres} m stretches) > class_in_area ({(result.Areas is null ? "" : "area polygons, else ")}{o.FreeFlowAreaCellMetres} m grid) > network; at least {o.MinFreeFlowValues} values of cells with {o.FreeFlowMinVehicles}+ vehicles"),
            ["traffic.history_days"] = o.HistoryDays.ToString(CultureInfo.InvariantCulture),
            ["traffic.traversal_speed_kmh"] = string.Create(CultureInfo.InvariantCulture, $"{o.MinTraversalSpeedKmh}..{o.MaxTraversalSpeedKmh}"),
            ["traffic.congested_from"] = CongestionLevels.Code(o.CongestedFrom),
            ["traffic.tpi_breakpoints"] = o.Tpi.ToString(),
            ["traffic.intervals"] = o.IntervalReplicates == 0 ? "none"
                : string.Create(CultureInfo.InvariantCulture, $"{o.IntervalLevel:P0} percentile interval, Poisson bootstrap over vehicles, {o.IntervalReplicates} replicates"),
            ["traffic.level_standard"] = "DB11/T 785-2011 speed thresholds by road class",
            ["traffic.time_zone_note"] = "bin_start is UTC; bins are aligned to Beijing local (UTC+08:00) midnight",
        };
    }
}
