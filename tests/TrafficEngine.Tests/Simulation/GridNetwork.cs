using TrafficEngine.Geo;

namespace TrafficEngine.Tests.Simulation;

/// <summary>A square grid of two-way streets near Beijing, for tests that need a known network.</summary>
internal static class GridNetwork
{
    public const double OriginLon = 116.40;
    public const double OriginLat = 39.90;

    /// <summary>
    /// <paramref name="size"/> x <paramref name="size"/> nodes <paramref name="spacingMetres"/> apart; node id = row * size + column + 1;
    /// every street both ways; rows are "primary", columns "residential". Edge id = from * 10 + direction (0 east, 1 west, 2 north, 3 south).
    /// </summary>
    public static RoadNetwork Create(int size, double spacingMetres)
    {
        var builder = new RoadNetworkBuilder();
        double dLat = spacingMetres / (GreatCircle.EarthRadiusMetres * Math.PI / 180.0);
        double dLon = dLat / Math.Cos(OriginLat * Math.PI / 180.0);
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                builder.AddNode(Id(r, c, size), OriginLon + (c * dLon), OriginLat + (r * dLat));
            }
        }

        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                long here = Id(r, c, size);
                if (c + 1 < size)
                {
                    long east = Id(r, c + 1, size);
                    builder.AddEdge((here * 10) + 0, r, here, east, "primary", "Row " + r, 2, double.NaN, [], []);
                    builder.AddEdge((east * 10) + 1, r, east, here, "primary", "Row " + r, 2, double.NaN, [], []);
                }

                if (r + 1 < size)
                {
                    long north = Id(r + 1, c, size);
                    builder.AddEdge((here * 10) + 2, 1000 + c, here, north, "residential", null, 0, 30, [], []);
                    builder.AddEdge((north * 10) + 3, 1000 + c, north, here, "residential", null, 0, 30, [], []);
                }
            }
        }

        return builder.Build();
    }

    private static long Id(int row, int column, int size) => ((long)row * size) + column + 1;
}
