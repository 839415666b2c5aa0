using System.Globalization;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Publishing;

/// <summary>
/// Writes the segment x bin table as an Arrow file for analysts: every cell, low-sample ones included and flagged
/// (the published CSV and GeoJSON files leave them out). No vehicle identifiers.
/// </summary>
public static class SegmentSpeedsFile
{
    public static void Write(string path, CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        SegmentSpeedTable speeds = result.Speeds;
        SegmentIndices indices = result.Indices;
        RoadNetwork network = result.Network;
        int n = speeds.Count;
        var bin = new ColumnBuilder<long>(DataType.TimestampMsUtc, n);
        var edgeId = new ColumnBuilder<long>(DataType.Int64, n);
        var fromNode = new ColumnBuilder<long>(DataType.Int64, n);
        var toNode = new ColumnBuilder<long>(DataType.Int64, n);
        var roadClass = new DictionaryColumnBuilder();
        var speed = new ColumnBuilder<double>(DataType.Float64, n);
        var freeFlow = new ColumnBuilder<float>(DataType.Float32, n);
        var tti = new ColumnBuilder<double>(DataType.Float64, n);
        var level = new DictionaryColumnBuilder();
        var traversals = new ColumnBuilder<int>(DataType.Int32, n);
        var vehicles = new ColumnBuilder<int>(DataType.Int32, n);
        var vkt = new ColumnBuilder<double>(DataType.Float64, n);
        var lowSample = new BooleanColumnBuilder();
        for (int c = 0; c < n; c++)
        {
            int e = speeds.Edges[c];
            bin.Append(speeds.BinStartMs[c]);
            edgeId.Append(network.EdgeIds[e]);
            fromNode.Append(network.NodeIds[network.EdgeFrom[e]]);
            toNode.Append(network.NodeIds[network.EdgeTo[e]]);
            roadClass.Append(RoadClasses.Name(network.Classes[e]));
            speed.Append(speeds.SpeedKmh(c));
            freeFlow.Append(indices.EdgeFreeFlowKmh[e]);
            tti.Append(indices.Tti[c]);
            level.Append(CongestionLevels.Code(indices.Levels[c]));
            traversals.Append(speeds.Traversals[c]);
            vehicles.Append(speeds.Vehicles[c]);
            vkt.Append(speeds.Vkt(c));
            lowSample.Append(indices.LowSample[c]);
        }

        DataType dictionary = DataType.Dictionary(DataType.Int32, DataType.Utf8);
        var schema = new Schema(
        [
            new Field("bin_start", DataType.TimestampMsUtc, nullable: false),
            new Field("edge_id", DataType.Int64, nullable: false),
            new Field("from_node", DataType.Int64, nullable: false),
            new Field("to_node", DataType.Int64, nullable: false),
            new Field("road_class", dictionary, nullable: false),
            new Field("speed_kmh", DataType.Float64, nullable: false),
            new Field("free_flow_kmh", DataType.Float32, nullable: false),
            new Field("tti", DataType.Float64, nullable: false),
            new Field("level", dictionary, nullable: false),
            new Field("traversals", DataType.Int32, nullable: false),
            new Field("vehicles", DataType.Int32, nullable: false),
            new Field("vkt", DataType.Float64, nullable: false),
            new Field("low_sample", DataType.Boolean, nullable: false),
        ], Metadata(result));
        var batch = new Batch(schema,
        [
            bin.Build(), edgeId.Build(), fromNode.Build(), toNode.Build(), roadClass.Build(), speed.Build(), freeFlow.Build(),
            tti.Build(), level.Build(), traversals.Build(), vehicles.Build(), vkt.Build(), lowSample.Build(),
        ]);
        ArrowFile.Write(path, schema, [batch]);
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
            ["traffic.traversal_speed_kmh"] = string.Create(CultureInfo.InvariantCulture, $"{o.MinTraversalSpeedKmh}..{o.MaxTraversalSpeedKmh}"),
            ["traffic.congested_from"] = CongestionLevels.Code(o.CongestedFrom),
            ["traffic.tpi_breakpoints"] = o.Tpi.ToString(),
            ["traffic.level_standard"] = "DB11/T 785-2011 speed thresholds by road class",
            ["traffic.time_zone_note"] = "bin_start is UTC; bins are aligned to Beijing local (UTC+08:00) midnight",
        };
    }
}
