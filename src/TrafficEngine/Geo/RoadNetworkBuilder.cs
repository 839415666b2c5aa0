namespace TrafficEngine.Geo;

/// <summary>
/// Collects nodes and directed edges from an importer and builds a <see cref="RoadNetwork"/>: orders the edges by
/// start node, measures lengths along the geometry, maps highway values to classes and sets free-flow speeds.
/// Importers decide drivability and direction; every edge added here is one directed edge.
/// The built network keeps only nodes that some edge touches (in the order they were added), and places each node
/// where its edges say: the first point of its first out-edge, else the last point of its first in-edge. A network
/// read back from its Arrow file (<see cref="RoadNetworkFile"/>) therefore has the same nodes and coordinates.
/// </summary>
public sealed class RoadNetworkBuilder
{
    private readonly Dictionary<long, int> _nodeIndex = [];
    private readonly List<long> _nodeIds = [];
    private readonly List<double> _nodeLon = [];
    private readonly List<double> _nodeLat = [];

    private readonly List<long> _edgeIds = [];
    private readonly List<long> _sourceIds = [];
    private readonly List<int> _from = [];
    private readonly List<int> _to = [];
    private readonly List<float> _maxSpeedKmh = [];
    private readonly List<short> _lanes = [];
    private readonly List<int> _highwayCodes = [];
    private readonly List<int> _nameCodes = [];
    private readonly List<int> _geometryOffsets = [0];
    private readonly List<double> _geometryLon = [];
    private readonly List<double> _geometryLat = [];
    private readonly Dictionary<string, int> _highways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly HashSet<long> _edgeIdSet = [];

    public int NodeCount => _nodeIds.Count;

    public int EdgeCount => _edgeIds.Count;

    /// <summary>Key/value pairs stored with the network (source, format, options).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a node; returns false (and keeps the first) when the id was already added.</summary>
    public bool AddNode(long nodeId, double lon, double lat)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(lon), $"Node {nodeId} has coordinates out of range: {lon}, {lat}.");
        }

        if (!_nodeIndex.TryAdd(nodeId, _nodeIds.Count))
        {
            return false;
        }

        _nodeIds.Add(nodeId);
        _nodeLon.Add(lon);
        _nodeLat.Add(lat);
        return true;
    }

    public bool HasNode(long nodeId) => _nodeIndex.ContainsKey(nodeId);

    public bool HasEdge(long edgeId) => _edgeIdSet.Contains(edgeId);

    /// <summary>The position a node was added with.</summary>
    public (double Lon, double Lat) NodePosition(long nodeId)
    {
        int index = _nodeIndex.TryGetValue(nodeId, out int i) ? i : throw new ArgumentException($"Node {nodeId} was not added.", nameof(nodeId));
        return (_nodeLon[index], _nodeLat[index]);
    }

    /// <summary>
    /// Adds one directed edge between two added nodes. <paramref name="lon"/>/<paramref name="lat"/> is the geometry
    /// from start to end; empty means the straight line between the nodes. <paramref name="maxSpeedKmh"/> is the
    /// source's speed limit, NaN or non-positive when unknown; <paramref name="lanes"/> 0 when unknown.
    /// </summary>
    public void AddEdge(long edgeId, long sourceId, long fromNode, long toNode, string highway, string? name,
        int lanes, double maxSpeedKmh, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat)
    {
        ArgumentNullException.ThrowIfNull(highway);
        if (!_nodeIndex.TryGetValue(fromNode, out int from))
        {
            throw new ArgumentException($"Edge {edgeId} starts at node {fromNode}, which was not added.", nameof(fromNode));
        }

        if (!_nodeIndex.TryGetValue(toNode, out int to))
        {
            throw new ArgumentException($"Edge {edgeId} ends at node {toNode}, which was not added.", nameof(toNode));
        }

        if (lon.Length != lat.Length || lon.Length == 1)
        {
            throw new ArgumentException($"Edge {edgeId} needs matching coordinate lists of two or more points.", nameof(lon));
        }

        if (lon.Length != lat.Length || lon.Length == 1)
        {
            throw new ArgumentException($"Edge {edgeId} has {lon.Length} longitudes and {lat.Length} latitudes; a geometry needs two or more points.", nameof(lon));
        }

        if (!_edgeIdSet.Add(edgeId))
        {
            throw new ArgumentException($"Edge id {edgeId} was added twice.", nameof(edgeId));
        }

        _edgeIds.Add(edgeId);
        _sourceIds.Add(sourceId);
        _from.Add(from);
        _to.Add(to);
        _maxSpeedKmh.Add(maxSpeedKmh > 0 && double.IsFinite(maxSpeedKmh) ? (float)maxSpeedKmh : float.NaN);
        _lanes.Add((short)Math.Clamp(lanes, 0, short.MaxValue));
        _highwayCodes.Add(Code(_highways, highway));
        _nameCodes.Add(string.IsNullOrEmpty(name) ? -1 : Code(_names, name));
        if (lon.Length == 0)
        {
            _geometryLon.Add(_nodeLon[from]);
            _geometryLat.Add(_nodeLat[from]);
            _geometryLon.Add(_nodeLon[to]);
            _geometryLat.Add(_nodeLat[to]);
        }
        else
        {
            for (int i = 0; i < lon.Length; i++)
            {
                _geometryLon.Add(lon[i]);
                _geometryLat.Add(lat[i]);
            }
        }

        _geometryOffsets.Add(_geometryLon.Count);
    }

    /// <summary>Orders edges by start node (then edge id), measures them and builds the network.</summary>
    public RoadNetwork Build()
    {
        int edgeCount = _edgeIds.Count;
        (int[] nodeMap, long[] nodeIds) = UsedNodes();
        int[] order = new int[edgeCount];
        for (int i = 0; i < edgeCount; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = nodeMap[_from[a]].CompareTo(nodeMap[_from[b]]);
            return c != 0 ? c : _edgeIds[a].CompareTo(_edgeIds[b]);
        });

        var edgeIds = new long[edgeCount];
        var sourceIds = new long[edgeCount];
        var from = new int[edgeCount];
        var to = new int[edgeCount];
        var length = new double[edgeCount];
        var freeFlow = new float[edgeCount];
        var classes = new RoadClass[edgeCount];
        var lanes = new short[edgeCount];
        var highwayCodes = new int[edgeCount];
        var nameCodes = new int[edgeCount];
        var offsets = new int[edgeCount + 1];
        var geometryLon = new double[_geometryLon.Count];
        var geometryLat = new double[_geometryLat.Count];
        string[] highwayValues = Values(_highways);
        var highwayClass = new RoadClass[highwayValues.Length];
        for (int h = 0; h < highwayValues.Length; h++)
        {
            highwayClass[h] = RoadClasses.FromHighway(highwayValues[h]);
        }

        int written = 0;
        for (int i = 0; i < edgeCount; i++)
        {
            int e = order[i];
            edgeIds[i] = _edgeIds[e];
            sourceIds[i] = _sourceIds[e];
            from[i] = nodeMap[_from[e]];
            to[i] = nodeMap[_to[e]];
            lanes[i] = _lanes[e];
            highwayCodes[i] = _highwayCodes[e];
            nameCodes[i] = _nameCodes[e];
            classes[i] = highwayClass[_highwayCodes[e]];
            float maxSpeed = _maxSpeedKmh[e];
            freeFlow[i] = float.IsNaN(maxSpeed) ? (float)RoadClasses.DefaultFreeFlowKmh(classes[i]) : maxSpeed;

            int start = _geometryOffsets[e], end = _geometryOffsets[e + 1];
            _geometryLon.CopyTo(start, geometryLon, written, end - start);
            _geometryLat.CopyTo(start, geometryLat, written, end - start);
            written += end - start;
            offsets[i + 1] = written;
            length[i] = MeasureMetres(geometryLon.AsSpan(offsets[i], end - start), geometryLat.AsSpan(offsets[i], end - start));
        }

        (double[] nodeLon, double[] nodeLat) = NodeCoordinates(nodeIds.Length, from, to, offsets, geometryLon, geometryLat);
        return new RoadNetwork(
            nodeIds, nodeLon, nodeLat,
            edgeIds, sourceIds, from, to, length, freeFlow, classes, lanes,
            highwayCodes, highwayValues, nameCodes, Values(_names),
            offsets, geometryLon, geometryLat,
            new Dictionary<string, string>(Metadata, StringComparer.Ordinal));
    }

    /// <summary>Great-circle length of a polyline in metres.</summary>
    public static double MeasureMetres(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat)
    {
        double metres = 0;
        for (int p = 1; p < lon.Length; p++)
        {
            metres += GreatCircle.DistanceMetres(lon[p - 1], lat[p - 1], lon[p], lat[p]);
        }

        return metres;
    }

    /// <summary>
    /// Each node where its edges put it: the first point of its first out-edge, else the last point of its first
    /// in-edge (edges in their stored order). Shared with the Arrow reader so both give the same coordinates.
    /// </summary>
    internal static (double[] Lon, double[] Lat) NodeCoordinates(int nodeCount, ReadOnlySpan<int> from, ReadOnlySpan<int> to,
        ReadOnlySpan<int> offsets, ReadOnlySpan<double> geometryLon, ReadOnlySpan<double> geometryLat)
    {
        var lon = new double[nodeCount];
        var lat = new double[nodeCount];
        var placed = new bool[nodeCount];
        for (int e = 0; e < from.Length; e++)
        {
            int n = from[e];
            if (!placed[n])
            {
                placed[n] = true;
                lon[n] = geometryLon[offsets[e]];
                lat[n] = geometryLat[offsets[e]];
            }
        }

        for (int e = 0; e < to.Length; e++)
        {
            int n = to[e];
            if (!placed[n])
            {
                placed[n] = true;
                lon[n] = geometryLon[offsets[e + 1] - 1];
                lat[n] = geometryLat[offsets[e + 1] - 1];
            }
        }

        return (lon, lat);
    }

    /// <summary>Dense new indexes of the nodes some edge touches, in the order they were added; -1 for the others.</summary>
    private (int[] Map, long[] Ids) UsedNodes()
    {
        var used = new bool[_nodeIds.Count];
        foreach (int n in _from)
        {
            used[n] = true;
        }

        foreach (int n in _to)
        {
            used[n] = true;
        }

        var map = new int[used.Length];
        var ids = new List<long>(used.Length);
        for (int n = 0; n < used.Length; n++)
        {
            map[n] = used[n] ? ids.Count : -1;
            if (used[n])
            {
                ids.Add(_nodeIds[n]);
            }
        }

        return (map, [.. ids]);
    }

    private static int Code(Dictionary<string, int> codes, string value)
    {
        if (!codes.TryGetValue(value, out int code))
        {
            code = codes.Count;
            codes.Add(value, code);
        }

        return code;
    }

    private static string[] Values(Dictionary<string, int> codes)
    {
        var values = new string[codes.Count];
        foreach (KeyValuePair<string, int> pair in codes)
        {
            values[pair.Value] = pair.Key;
        }

        return values;
    }
}
