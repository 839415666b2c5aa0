using System.Runtime.CompilerServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// The groups of edges whose cells the free-flow fallback pools when an edge's own are too few: road stretches
/// (<see cref="FreeFlowSource.Road"/>) and road classes within an area (<see cref="FreeFlowSource.ClassInArea"/>).
/// Every edge belongs to exactly one group of each kind; group indexes are dense and follow the edges' order.
/// <para>
/// <b>Same road and direction.</b> Edge a continues into edge b when b starts where a ends, b does not lead straight
/// back to a's start (a U-turn is the other direction), both have the same road class and the same road - the same
/// name, or, both unnamed, the same source way - and the heading turns by at most
/// <see cref="CongestionOptions.FreeFlowRoadMaxTurnDegrees"/> (45) from a's last piece to b's first. Each edge keeps at
/// most one successor and one predecessor, the straightest first, so the links form simple chains: one carriageway of
/// one road, driven one way. The rule follows what sets a road's free flow: its class, its design (one name or way in
/// the source), and the direction (the two directions of a road differ in grade, junction layout and signals, so they
/// are never pooled). Chains are cut into stretches of <see cref="CongestionOptions.FreeFlowRoadStretchMetres"/>
/// (2 km, about 3-6 signalised junctions on a Beijing arterial) from their start, so the pool stays local: a road's
/// character changes along its length (inside and outside a ring road, for one).
/// </para>
/// <para>
/// <b>Same area.</b> The area polygon holding the point halfway along the edge when polygons were given (the same rule
/// as the area index); otherwise, or for edges outside every polygon, the square grid cell of
/// <see cref="CongestionOptions.FreeFlowAreaCellMetres"/> (4 km) holding that point, in a local projection centred on
/// the network, the grid starting at the south-west corner of the edges' midpoints. 4 km is about the spacing of Beijing's ring roads: small enough that a class's roads in a cell share
/// their setting (centre or suburb), large enough to hold tens of edges of each class.
/// </para>
/// </summary>
public sealed class FreeFlowGroups
{
    private FreeFlowGroups(int[] roadOf, int roadCount, int[] classAreaOf, int classAreaCount)
    {
        RoadOf = roadOf;
        RoadCount = roadCount;
        ClassAreaOf = classAreaOf;
        ClassAreaCount = classAreaCount;
    }

    /// <summary>The road stretch of each edge (dense index).</summary>
    public int[] RoadOf { get; }

    public int RoadCount { get; }

    /// <summary>The class-in-area group of each edge (dense index).</summary>
    public int[] ClassAreaOf { get; }

    public int ClassAreaCount { get; }

    /// <summary>The groups of a network under the options' turn, stretch and cell settings, with optional area polygons.</summary>
    public static FreeFlowGroups Build(RoadNetwork network, CongestionOptions options, AreaPolygons? areas = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (int[] next, int[] previous) = Chains(network, options.FreeFlowRoadMaxTurnDegrees);
        (int[] roadOf, int roadCount) = Stretches(network, next, previous, options.FreeFlowRoadStretchMetres);
        (int[] classAreaOf, int classAreaCount) = ClassAreas(network, options.FreeFlowAreaCellMetres, areas);
        return new FreeFlowGroups(roadOf, roadCount, classAreaOf, classAreaCount);
    }

    /// <summary>Each edge's successor and predecessor along its road (-1 for none), straightest links first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int[] Next, int[] Previous) Chains(RoadNetwork network, double maxTurnDegrees)
    {
        int edgeCount = network.EdgeCount;
        LocalProjection projection = LocalProjection.For(network);
        var links = new List<(double Turn, int From, int To)>();
        ReadOnlySpan<int> outOffsets = network.OutOffsets;
        for (int a = 0; a < edgeCount; a++)
        {
            int node = network.EdgeTo[a];
            double exit = Heading(network, projection, a, atEnd: true);
            for (int b = outOffsets[node]; b < outOffsets[node + 1]; b++)
            {
                if (b == a || network.EdgeTo[b] == network.EdgeFrom[a] || !SameRoad(network, a, b))
                {
                    continue;
                }

                double turn = Math.Abs(Math.IEEERemainder(Heading(network, projection, b, atEnd: false) - exit, 360));
                if (turn <= maxTurnDegrees)
                {
                    links.Add((turn, a, b));
                }
            }
        }

        links.Sort();
        var next = new int[edgeCount];
        var previous = new int[edgeCount];
        System.Array.Fill(next, -1);
        System.Array.Fill(previous, -1);
        foreach ((_, int from, int to) in links)
        {
            if (next[from] < 0 && previous[to] < 0)
            {
                next[from] = to;
                previous[to] = from;
            }
        }

        return (next, previous);
    }

    /// <summary>
    /// Cuts the chains into stretches: from each chain's first edge (in edge order) onwards, a new stretch starts when
    /// the current one has reached <paramref name="stretchMetres"/>. Closed chains (ring roads) start at their lowest edge.
    /// </summary>
    private static (int[] Of, int Count) Stretches(RoadNetwork network, int[] next, int[] previous, double stretchMetres)
    {
        var of = new int[network.EdgeCount];
        System.Array.Fill(of, -1);
        int count = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int start = 0; start < network.EdgeCount; start++)
            {
                // First pass: open chains from their head; second pass: what is left lies on closed chains.
                if (of[start] >= 0 || (pass == 0 && previous[start] >= 0))
                {
                    continue;
                }

                double metres = 0;
                count++;
                for (int e = start; e >= 0 && of[e] < 0; e = next[e])
                {
                    if (metres >= stretchMetres)
                    {
                        count++;
                        metres = 0;
                    }

                    of[e] = count - 1;
                    metres += network.LengthMetres[e];
                }
            }
        }

        return (of, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Of, int Count) ClassAreas(RoadNetwork network, double cellMetres, AreaPolygons? areas)
    {
        int edgeCount = network.EdgeCount;
        var area = new int[edgeCount];
        System.Array.Fill(area, -1);
        int polygons = 0;
        if (areas is not null)
        {
            (int[] offsets, int[] members) = areas.AssignEdges(network);
            polygons = areas.Count;
            for (int e = 0; e < edgeCount; e++)
            {
                area[e] = offsets[e + 1] > offsets[e] ? members[offsets[e]] : -1;
            }
        }

        // The grid starts at the south-west corner of the edges' midpoints.
        LocalProjection projection = LocalProjection.For(network);
        var x = new double[edgeCount];
        var y = new double[edgeCount];
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        for (int e = 0; e < edgeCount; e++)
        {
            (double lon, double lat) = network.PointAlong(e, network.LengthMetres[e] / 2);
            x[e] = projection.X(lon);
            y[e] = projection.Y(lat);
            minX = Math.Min(minX, x[e]);
            minY = Math.Min(minY, y[e]);
        }

        var cells = new Dictionary<(long X, long Y), int>();
        var groups = new Dictionary<(int Area, RoadClass Class), int>();
        var of = new int[edgeCount];
        for (int e = 0; e < edgeCount; e++)
        {
            if (area[e] < 0)
            {
                var cell = ((long)Math.Floor((x[e] - minX) / cellMetres), (long)Math.Floor((y[e] - minY) / cellMetres));
                if (!cells.TryGetValue(cell, out int index))
                {
                    index = cells.Count;
                    cells.Add(cell, index);
                }

                area[e] = polygons + index;
            }

            var key = (area[e], network.Classes[e]);
            if (!groups.TryGetValue(key, out int group))
            {
                group = groups.Count;
                groups.Add(key, group);
            }

            of[e] = group;
        }

        return (of, groups.Count);
    }

    /// <summary>Same class and the same road: the same name, or both unnamed and from the same source way.</summary>
    private static bool SameRoad(RoadNetwork network, int a, int b)
    {
        if (network.Classes[a] != network.Classes[b])
        {
            return false;
        }

        int nameA = network.NameCodes[a], nameB = network.NameCodes[b];
        return nameA >= 0 || nameB >= 0 ? nameA == nameB : network.SourceIds[a] == network.SourceIds[b];
    }

    /// <summary>Compass heading in degrees of an edge's first piece (or last, <paramref name="atEnd"/>), skipping repeated points.</summary>
    private static double Heading(RoadNetwork network, LocalProjection projection, int edge, bool atEnd)
    {
        ReadOnlySpan<double> lon = network.EdgeLon(edge), lat = network.EdgeLat(edge);
        int last = lon.Length - 1;
        for (int k = 1; k <= last; k++)
        {
            int i = atEnd ? last - k : 0, j = atEnd ? last : k;
            double dx = projection.X(lon[j]) - projection.X(lon[i]), dy = projection.Y(lat[j]) - projection.Y(lat[i]);
            if ((dx * dx) + (dy * dy) > 1e-6)
            {
                return Math.Atan2(dx, dy) * 180 / Math.PI;
            }
        }

        return 0;
    }
}
