using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// A hand-built network for the free-flow fallback: Main St (arterial) runs east through A, B, C, D, 300 m apart, with
/// a carriageway back west; Side St (arterial) continues straight east from D to E; Low Rd (collector) runs north from
/// A; Far Rd (arterial, maxspeed 70) lies 10 km east, in another 4 km grid cell. Ghost is an edge only the "old"
/// variant of the network has (for history made on another network).
/// </summary>
internal static class MainStreetNetwork
{
    public const long M1 = 1, M2 = 2, M3 = 3, M4 = 4, M5 = 5, M6 = 6, S1 = 7, C1 = 8, F1 = 9, Ghost = 99;

    public static readonly RoadNetwork Network = Create(withGhost: false);

    /// <summary>The same roads plus the Ghost edge, as an older version of the network might have them.</summary>
    public static readonly RoadNetwork Old = Create(withGhost: true);

    public static int Edge(long id) => Network.FindEdge(id);

    public static double EastDegrees(double metres) => metres / (GreatCircle.EarthRadiusMetres * Math.PI / 180 * Math.Cos(39.9 * Math.PI / 180));

    /// <summary>UTC ms of a Beijing local time in 2008.</summary>
    public static long At(int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(2008, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    /// <summary>
    /// Traversal batch (the matcher's columns) of whole-edge traversals: per cell, <c>vehicles</c> vehicles at
    /// <c>kmh</c> entering a second after the bin start.
    /// </summary>
    public static RecordBatch Traversals(RoadNetwork network, IEnumerable<(long EdgeId, long BinStartMs, double Kmh, int Vehicles)> cells)
    {
        var vehicle = new StringArray.Builder();
        var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach ((long id, long bin, double kmh, int vehicles) in cells)
        {
            double metres = network.LengthMetres[network.FindEdge(id)];
            for (int v = 0; v < vehicles; v++)
            {
                vehicle.Append("v" + v);
                edge.Append(id);
                enter.Append(bin + 1000);
                exit.Append(bin + 1000 + (long)Math.Round(metres / (kmh / 3.6) * 1000));
                length.Append(metres);
            }
        }

        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true),
            new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("length_m", DoubleType.Default, nullable: true),
        ], null);
        return ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()]);
    }

    /// <summary>The segment speed table of such cells on <see cref="Network"/>.</summary>
    public static SegmentSpeedTable Cells(IEnumerable<(long EdgeId, long BinStartMs, double Kmh, int Vehicles)> cells)
    {
        var edges = new List<int>();
        var vehicles = new List<int>();
        var enter = new List<long>();
        var exit = new List<long>();
        var metres = new List<double>();
        foreach ((long id, long bin, double kmh, int count) in cells)
        {
            int e = Edge(id);
            double length = Network.LengthMetres[e];
            for (int v = 0; v < count; v++)
            {
                edges.Add(e);
                vehicles.Add(v);
                enter.Add(bin + 1000);
                exit.Add(bin + 1000 + (long)Math.Round(length / (kmh / 3.6) * 1000));
                metres.Add(length);
            }
        }

        return new SegmentSpeedAggregator(Network.EdgeCount, 15).Aggregate([.. edges], [.. vehicles], [.. enter], [.. exit], [.. metres]);
    }

    private static RoadNetwork Create(bool withGhost)
    {
        const double Lat = 39.90, Lon = 116.40;
        double step = EastDegrees(300);
        var builder = new RoadNetworkBuilder();
        for (int i = 0; i < 5; i++)
        {
            builder.AddNode(100 + i, Lon + (i * step), Lat); // A..E = 100..104
        }

        builder.AddNode(110, Lon, Lat + 0.0027); // F, 300 m north of A
        builder.AddNode(120, Lon + EastDegrees(10_000), Lat);
        builder.AddNode(121, Lon + EastDegrees(10_300), Lat);
        builder.AddEdge(M1, 1, 100, 101, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(M2, 1, 101, 102, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(M3, 1, 102, 103, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(M4, 2, 103, 102, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(M5, 2, 102, 101, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(M6, 2, 101, 100, "primary", "Main St", 2, double.NaN, [], []);
        builder.AddEdge(S1, 3, 103, 104, "primary", "Side St", 2, double.NaN, [], []);
        builder.AddEdge(C1, 4, 100, 110, "secondary", "Low Rd", 1, double.NaN, [], []);
        builder.AddEdge(F1, 5, 120, 121, "primary", "Far Rd", 2, 70, [], []);
        if (withGhost)
        {
            builder.AddEdge(Ghost, 6, 110, 100, "secondary", "Low Rd", 1, double.NaN, [], []);
        }

        return builder.Build();
    }
}
