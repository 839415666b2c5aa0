using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

public sealed class CongestionPublisherTests : IDisposable
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 6, spacingMetres: 200);
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-congestion-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Publish_WritesEveryFileWithLowSampleCellsOnlyInTheArrowTable()
    {
        // Edge 0: 6 vehicles at 08:00 on a Monday (published); edge 1: 2 vehicles (low sample).
        RecordBatch traversals = Traversals([(0, 6, 20.0), (1, 2, 40.0)]);

        CongestionResult result = CongestionAnalyzer.Analyze(Grid, [traversals], new CongestionOptions());
        IReadOnlyList<string> files = CongestionPublisher.Publish(result, _folder);

        Assert.Equal(7, files.Count);
        Assert.All(files, f => Assert.True(File.Exists(f)));
        Assert.Empty(Directory.GetDirectories(_folder));

        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(Path.Combine(_folder, CongestionPublisher.SegmentSpeeds));
        Assert.Equal(2, batches[0].Length);
        Assert.Equal("15", schema.Metadata["traffic.bin_minutes"]);
        BooleanArray low = batches[0].Require<BooleanArray>("low_sample");
        Assert.Equal(1, Enumerable.Range(0, 2).Count(i => low.GetValue(i) is true));

        string[] city = File.ReadAllLines(Path.Combine(_folder, CongestionPublisher.CityIndex));
        Assert.StartsWith("bin_start,tpi,level,tti,samples", city[0], StringComparison.Ordinal);
        Assert.EndsWith(",segments,coverage,vehicles,tpi_low,tpi_high,tti_low,tti_high", city[0], StringComparison.Ordinal);
        Assert.Equal(2, city.Length);
        Assert.StartsWith("2008-02-04T08:00:00+08:00,", city[1], StringComparison.Ordinal);
        // Two segments behind the city row: the low-sample cell informs the aggregate (8 vehicles in it) but is not
        // published as a cell (one feature in the GeoJSON below).
        string[] fields = city[1].Split(',');
        Assert.Equal("2", fields[^7]); // segments
        double coverage = double.Parse(fields[^6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(coverage, 0.001, 0.05); // two edges of a whole grid: below the default minimum coverage
        Assert.Equal("6", fields[^5]); // v0..v5 on edge 0, v0 and v1 again on edge 1: six distinct vehicles
        Assert.Equal(["", "", "", ""], fields[^4..]); // no TPI, so no interval either
        Assert.Equal("", fields[1]); // no TPI, never a number
        Assert.Equal("insufficient_data", fields[2]);
        Assert.Equal("数据不足", fields[5]);

        // With the threshold at 0 the same bin gets its number.
        string lenient = Directory.CreateTempSubdirectory("traffic-publish-lenient-").FullName;
        try
        {
            CongestionResult all = CongestionAnalyzer.Analyze(Grid, [traversals], new CongestionOptions { MinCoverage = 0 });
            CongestionPublisher.Publish(all, lenient);
            string[] row = File.ReadAllLines(Path.Combine(lenient, CongestionPublisher.CityIndex))[1].Split(',');
            Assert.NotEqual("", row[1]);
            Assert.NotEqual("insufficient_data", row[2]);
            Assert.All(row[^4..], f => Assert.NotEqual("", f)); // the intervals come with the number
        }
        finally
        {
            Directory.Delete(lenient, recursive: true);
        }

        using JsonDocument geo = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, CongestionPublisher.Segments)));
        JsonElement feature = Assert.Single(geo.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal(Grid.EdgeIds[0], feature.GetProperty("properties").GetProperty("edge_id").GetInt64());
        Assert.Equal("LineString", feature.GetProperty("geometry").GetProperty("type").GetString());
        JsonElement properties = feature.GetProperty("properties");
        Assert.Equal(20, properties.GetProperty("latest_speed_kmh").GetDouble(), 0);
        Assert.Equal(20, properties.GetProperty("peak_speed_kmh").GetDouble(), 0); // Monday 08:00 is a workday peak
        Assert.Equal(properties.GetProperty("latest_level").GetString(), properties.GetProperty("peak_level").GetString());
        Assert.Contains(properties.GetProperty("latest_level").GetString(), new[] { "light", "moderate" }); // an arterial at 20 km/h

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, CongestionPublisher.Summary)));
        Assert.Equal(8, summary.RootElement.GetProperty("traversals_read").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("low_sample_cells").GetInt32());
    }

    [Fact]
    public void Analyze_TraversalsOfAnotherNetwork_FailsClearly()
    {
        var builder = new RoadNetworkBuilder();
        builder.AddNode(1, 116.4, 39.9);
        builder.AddNode(2, 116.41, 39.9);
        builder.AddEdge(555_000, 1, 1, 2, "primary", null, 0, double.NaN, [], []);
        RoadNetwork other = builder.Build();

        var error = Assert.Throws<InvalidDataException>(() => CongestionAnalyzer.Analyze(other, [Traversals([(0, 6, 20.0)])], new CongestionOptions()));

        Assert.Contains("another network", error.Message, StringComparison.Ordinal);
    }

    private static RecordBatch Traversals(IEnumerable<(int Edge, int Vehicles, double Kmh)> cells)
    {
        long start = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var vehicle = new StringArray.Builder();
        var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach ((int e, int vehicles, double kmh) in cells)
        {
            for (int v = 0; v < vehicles; v++)
            {
                vehicle.Append("v" + v);
                edge.Append(Grid.EdgeIds[e]);
                enter.Append(start + (v * 1000));
                exit.Append(start + (v * 1000) + (long)(Grid.LengthMetres[e] / (kmh / 3.6) * 1000));
                length.Append(Grid.LengthMetres[e]);
            }
        }

        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true), new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("length_m", DoubleType.Default, nullable: true),
        ], []);
        return ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()]);
    }
}
