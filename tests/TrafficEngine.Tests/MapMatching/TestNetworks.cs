using TrafficEngine.Geo;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>Small hand-built networks near Beijing in local metres, where the right match is known exactly.</summary>
internal static class TestNetworks
{
    public static readonly LocalProjection Frame = new(116.40, 39.90);

    public static double Lon(double x) => Frame.Lon(x);

    public static double Lat(double y) => Frame.Lat(y);

    /// <summary>A builder with nodes at local (x, y) metres: AddNode(id, x, y).</summary>
    public static RoadNetworkBuilder Builder(params (long Id, double X, double Y)[] nodes)
    {
        var builder = new RoadNetworkBuilder();
        foreach ((long id, double x, double y) in nodes)
        {
            builder.AddNode(id, Lon(x), Lat(y));
        }

        return builder;
    }

    public static void Edge(RoadNetworkBuilder builder, long id, long from, long to, string highway = "primary", double maxSpeedKmh = double.NaN) =>
        builder.AddEdge(id, id, from, to, highway, null, 0, maxSpeedKmh, [], []);

    /// <summary>A two-way road 1 m... 1,000 m long along y = 0: node 1 at x 0, node 2 at x 1,000; edge 12 east, 21 west.</summary>
    public static RoadNetwork StraightRoad()
    {
        RoadNetworkBuilder b = Builder((1, 0, 0), (2, 1000, 0));
        Edge(b, 12, 1, 2);
        Edge(b, 21, 2, 1);
        return b.Build();
    }

    /// <summary>Fixes at local metres, one every <paramref name="seconds"/> from t0.</summary>
    public static (double[] Lon, double[] Lat, long[] Time) Fixes(double seconds, params (double X, double Y)[] points)
    {
        const long t0 = 1_202_000_000_000;
        return (points.Select(p => Lon(p.X)).ToArray(), points.Select(p => Lat(p.Y)).ToArray(),
            points.Select((_, i) => t0 + (long)(i * seconds * 1000)).ToArray());
    }
}
