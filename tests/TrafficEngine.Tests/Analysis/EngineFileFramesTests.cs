using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Analysis;
using Microsoft.ML.Data;
using TrafficEngine.Analysis;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Analysis;

/// <summary>ResultFrames.Open on files the engine's own writers produced, checked value by value against the engine's arrays.</summary>
public sealed class EngineFileFramesTests : IDisposable
{
    internal static readonly RoadNetwork Grid = GridNetwork.Create(size: 4, spacingMetres: 250);
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-frames-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ArrowCompression.None)]
    [InlineData(ArrowCompression.Zstd)]
    public void Open_PublishedSegmentSpeeds_EveryValueMatchesTheResultAndTheFile(ArrowCompression compression)
    {
        // Three edges at 08:00 and 08:15 on a Monday; edge 5 has too few vehicles, so its cells are low-sample.
        CongestionResult result = CongestionAnalyzer.Analyze(Grid, [Traversals([(0, 6, 18.0, 0), (3, 7, 45.0, 0), (5, 2, 30.0, 0), (0, 5, 25.0, 1)])],
            new CongestionOptions());
        string path = Path.Combine(_folder, CongestionPublisher.SegmentSpeeds);
        SegmentSpeedsFile.Write(path, result, compression);

        DataFrame frame = ResultFrames.Open(path);

        SegmentSpeedTable speeds = result.Speeds;
        SegmentIndices indices = result.Indices;
        Assert.Equal(4, speeds.Count);
        Assert.Equal(speeds.Count, frame.Rows.Count);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        Assert.Equal(schema.FieldsList.Select(f => f.Name), frame.Columns.Select(c => c.Name));
        RecordBatch file = Assert.Single(batches);
        var bin = Assert.IsType<DateTimeDataFrameColumn>(frame["bin_start"]);
        var level = Assert.IsType<StringDataFrameColumn>(frame["level"]);
        var freeFlow = Assert.IsType<SingleDataFrameColumn>(frame["free_flow_kmh"]);
        for (int c = 0; c < speeds.Count; c++)
        {
            int e = speeds.Edges[c];
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(speeds.BinStartMs[c]).UtcDateTime, bin[c]);
            Assert.Equal(DateTimeKind.Utc, bin[c]!.Value.Kind);
            Assert.Equal(Grid.EdgeIds[e], frame["edge_id"][c]);
            Assert.Equal(Grid.NodeIds[Grid.EdgeFrom[e]], frame["from_node"][c]);
            Assert.Equal(Grid.NodeIds[Grid.EdgeTo[e]], frame["to_node"][c]);
            Assert.Equal(RoadClasses.Name(Grid.Classes[e]), frame["road_class"][c]);
            Assert.Equal(speeds.SpeedKmh(c), frame["speed_kmh"][c]);
            Assert.Equal(indices.EdgeFreeFlowKmh[e], freeFlow[c]);
            Assert.Equal(indices.Tti[c], frame["tti"][c]);
            Assert.Equal(CongestionLevels.Code(indices.Levels[c]), level[c]);
            Assert.Equal(speeds.Traversals[c], frame["traversals"][c]);
            Assert.Equal(speeds.Vehicles[c], frame["vehicles"][c]);
            Assert.Equal(speeds.Vkt(c), frame["vkt"][c]);
            Assert.Equal(indices.LowSample[c], frame["low_sample"][c]);
            Assert.Equal(file.Require<DoubleArray>("speed_kmh").GetValue(c), frame["speed_kmh"][c]);
            Assert.Equal(file.Require<Int64Array>("edge_id").GetValue(c), frame["edge_id"][c]);
        }

        Assert.Equal(2, Enumerable.Range(0, speeds.Count).Count(c => (bool)frame["low_sample"][c]! == false && speeds.Edges[c] == 0));
        Assert.Equal(1, Enumerable.Range(0, speeds.Count).Count(c => (bool)frame["low_sample"][c]!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Write_InSeveralBatches_SameRowsWithTheWholeDictionaryInEveryBatch(int batchRows)
    {
        CongestionResult result = CongestionAnalyzer.Analyze(Grid, [Traversals([(0, 6, 18.0, 0), (3, 7, 45.0, 0), (5, 2, 30.0, 0), (0, 5, 25.0, 1)])],
            new CongestionOptions());
        string one = Path.Combine(_folder, "one.arrow");
        string many = Path.Combine(_folder, "many.arrow");
        SegmentSpeedsFile.Write(one, result, ArrowCompression.None, batchRows: 1_000);
        SegmentSpeedsFile.Write(many, result, ArrowCompression.None, batchRows);

        (_, List<RecordBatch> batches) = ArrowFiles.ReadAll(many);
        Assert.Equal((result.Speeds.Count + batchRows - 1) / batchRows, batches.Count);
        Assert.All(batches, b => Assert.True(b.Length <= batchRows));
        foreach (RecordBatch batch in batches)
        {
            var level = batch.Require<DictionaryArray>("level");
            Assert.Equal(["free_flow", "basically_free", "light", "moderate", "severe"],
                Enumerable.Range(0, level.Dictionary.Length).Select(i => ((StringArray)level.Dictionary).GetString(i)));
            var roadClass = batch.Require<DictionaryArray>("road_class");
            Assert.Equal(RoadClasses.Count, roadClass.Dictionary.Length);
        }

        DataFrame expected = ResultFrames.Open(one);
        DataFrame actual = ResultFrames.Open(many);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int c = 0; c < expected.Rows.Count; c++)
        {
            Assert.Equal(expected.Rows[c].ToArray(), actual.Rows[c].ToArray());
        }
    }

    [Fact]
    public void Write_NoCells_OneEmptyBatchWithTheSchema()
    {
        CongestionResult result = CongestionAnalyzer.Analyze(Grid, [], new CongestionOptions());
        string path = Path.Combine(_folder, "empty.arrow");
        SegmentSpeedsFile.Write(path, result);

        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        Assert.Equal(14, schema.FieldsList.Count);
        Assert.Equal(0, Assert.Single(batches).Length);
    }

    [Fact]
    public void Open_RoadNetworkFile_EveryValueMatchesTheNetworkWithNullNamesAndLanes()
    {
        var builder = new RoadNetworkBuilder();
        builder.AddNode(10, 116.40, 39.90);
        builder.AddNode(20, 116.41, 39.90);
        builder.AddNode(30, 116.41, 39.91);
        builder.AddEdge(1001, 7, 10, 20, "primary", "Chang'an Avenue", 4, 60, [], []);
        builder.AddEdge(1002, 7, 20, 10, "primary", "Chang'an Avenue", 4, 60, [], []);
        builder.AddEdge(2001, 8, 20, 30, "residential", null, 0, double.NaN, [116.41, 116.412, 116.41], [39.90, 39.905, 39.91]);
        RoadNetwork network = builder.Build();
        string path = Path.Combine(_folder, "network.arrow");
        RoadNetworkFile.Write(network, path, ArrowCompression.Lz4);

        DataFrame frame = ResultFrames.Open(path);

        Assert.Equal(network.EdgeCount, frame.Rows.Count);
        Assert.Equal(RoadNetworkFile.Fields.Select(f => f.Name), frame.Columns.Select(c => c.Name));
        (_, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        BinaryArray wkb = Assert.Single(batches).Require<BinaryArray>(RoadNetworkFile.Geometry);
        var geometry = Assert.IsType<VBufferDataFrameColumn<byte>>(frame[RoadNetworkFile.Geometry]);
        Assert.IsType<Int16DataFrameColumn>(frame[RoadNetworkFile.Lanes]);
        Assert.Equal(1, frame[RoadNetworkFile.Name].NullCount);
        Assert.Equal(1, frame[RoadNetworkFile.Lanes].NullCount);
        for (int e = 0; e < network.EdgeCount; e++)
        {
            Assert.Equal(network.EdgeIds[e], frame[RoadNetworkFile.EdgeId][e]);
            Assert.Equal(network.SourceIds[e], frame[RoadNetworkFile.SourceId][e]);
            Assert.Equal(network.NodeIds[network.EdgeFrom[e]], frame[RoadNetworkFile.FromNode][e]);
            Assert.Equal(network.NodeIds[network.EdgeTo[e]], frame[RoadNetworkFile.ToNode][e]);
            Assert.Equal(network.EdgeFrom[e], frame[RoadNetworkFile.FromIndex][e]);
            Assert.Equal(network.EdgeTo[e], frame[RoadNetworkFile.ToIndex][e]);
            Assert.Equal(network.HighwayOf(e), frame[RoadNetworkFile.Highway][e]);
            Assert.Equal(RoadClasses.Name(network.Classes[e]), frame[RoadNetworkFile.RoadClassName][e]);
            Assert.Equal(network.NameOf(e), frame[RoadNetworkFile.Name][e]);
            Assert.Equal(network.Lanes[e] > 0 ? network.Lanes[e] : null, (short?)frame[RoadNetworkFile.Lanes][e]);
            Assert.Equal(network.LengthMetres[e], frame[RoadNetworkFile.LengthM][e]);
            Assert.Equal(network.FreeFlowKmh[e], frame[RoadNetworkFile.FreeFlowKmh][e]);
            Assert.Equal(wkb.GetBytes(e).ToArray(), geometry[e].GetValues().ToArray());
        }

        Assert.Equal(1 + 4 + 4 + (3 * 16), geometry[2].Length); // WKB LineString: byte order, type, count, 3 points
    }

    internal static RecordBatch Traversals(IEnumerable<(int Edge, int Vehicles, double Kmh, int Bin)> cells)
    {
        long start = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var vehicle = new StringArray.Builder();
        var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach ((int e, int vehicles, double kmh, int bin) in cells)
        {
            for (int v = 0; v < vehicles; v++)
            {
                long entered = start + (bin * 900_000L) + (v * 1000);
                vehicle.Append("v" + v);
                edge.Append(Grid.EdgeIds[e]);
                enter.Append(entered);
                exit.Append(entered + (long)(Grid.LengthMetres[e] / (kmh / 3.6) * 1000));
                length.Append(Grid.LengthMetres[e]);
            }
        }

        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true),
            new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("length_m", DoubleType.Default, nullable: true),
        ], []);
        return ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()]);
    }
}
