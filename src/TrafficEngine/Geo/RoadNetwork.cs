namespace TrafficEngine.Geo;

/// <summary>
/// A directed road graph held as flat arrays (no object per node or edge). Nodes and edges are addressed by dense
/// indexes 0..N-1 and 0..E-1; the identifiers the source used are kept beside them. Edges are ordered by their start
/// node, so the out-edges of node n are the edge indexes <c>OutOffsets[n] .. OutOffsets[n+1]-1</c> (a CSR adjacency
/// with the edge array itself as the target list); in-edges go through <see cref="InOffsets"/> and <see cref="InEdges"/>.
/// Geometry is a coordinate list per edge in WGS-84 degrees, from the start node to the end node.
/// Build one with <see cref="RoadNetworkBuilder"/>.
/// </summary>
public sealed class RoadNetwork
{
    private readonly long[] _nodeIds;
    private readonly double[] _nodeLon;
    private readonly double[] _nodeLat;
    private readonly long[] _edgeIds;
    private readonly long[] _sourceIds;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly double[] _lengthMetres;
    private readonly float[] _freeFlowKmh;
    private readonly RoadClass[] _classes;
    private readonly short[] _lanes;
    private readonly int[] _highwayCodes;
    private readonly int[] _nameCodes;
    private readonly int[] _geometryOffsets;
    private readonly double[] _geometryLon;
    private readonly double[] _geometryLat;
    private readonly int[] _outOffsets;
    private readonly int[] _inOffsets;
    private readonly int[] _inEdges;
    private readonly Lazy<Dictionary<long, int>> _edgeIndexById;
    private readonly Lazy<Dictionary<long, int>> _nodeIndexById;
    private readonly Dictionary<string, string> _metadata;

    internal RoadNetwork(
        long[] nodeIds, double[] nodeLon, double[] nodeLat,
        long[] edgeIds, long[] sourceIds, int[] from, int[] to, double[] lengthMetres, float[] freeFlowKmh,
        RoadClass[] classes, short[] lanes, int[] highwayCodes, string[] highwayValues, int[] nameCodes,
        string[] nameValues, int[] geometryOffsets, double[] geometryLon, double[] geometryLat,
        IReadOnlyDictionary<string, string> metadata)
    {
        _nodeIds = nodeIds;
        _nodeLon = nodeLon;
        _nodeLat = nodeLat;
        _edgeIds = edgeIds;
        _sourceIds = sourceIds;
        _from = from;
        _to = to;
        _lengthMetres = lengthMetres;
        _freeFlowKmh = freeFlowKmh;
        _classes = classes;
        _lanes = lanes;
        _highwayCodes = highwayCodes;
        HighwayValues = highwayValues;
        _nameCodes = nameCodes;
        NameValues = nameValues;
        _geometryOffsets = geometryOffsets;
        _geometryLon = geometryLon;
        _geometryLat = geometryLat;
        _metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);

        _outOffsets = new int[nodeIds.Length + 1];
        _inOffsets = new int[nodeIds.Length + 1];
        _inEdges = new int[edgeIds.Length];
        BuildAdjacency();

        _edgeIndexById = new Lazy<Dictionary<long, int>>(() => IndexById(_edgeIds));
        _nodeIndexById = new Lazy<Dictionary<long, int>>(() => IndexById(_nodeIds));
    }

    public int NodeCount => _nodeIds.Length;

    public int EdgeCount => _edgeIds.Length;

    /// <summary>Node identifiers as the source names them (OSM node ids, the <c>u</c>/<c>v</c> values of an edge CSV).</summary>
    public ReadOnlySpan<long> NodeIds => _nodeIds;

    public ReadOnlySpan<double> NodeLon => _nodeLon;

    public ReadOnlySpan<double> NodeLat => _nodeLat;

    /// <summary>Stable edge identifiers: the same source imported twice gives the same ids.</summary>
    public ReadOnlySpan<long> EdgeIds => _edgeIds;

    /// <summary>The source's way id (OSM) or edge id (edge CSV, shapefile) each edge came from.</summary>
    public ReadOnlySpan<long> SourceIds => _sourceIds;

    /// <summary>Dense index of each edge's start node; non-decreasing.</summary>
    public ReadOnlySpan<int> EdgeFrom => _from;

    /// <summary>Dense index of each edge's end node.</summary>
    public ReadOnlySpan<int> EdgeTo => _to;

    /// <summary>Length in metres along the geometry (great-circle per piece).</summary>
    public ReadOnlySpan<double> LengthMetres => _lengthMetres;

    /// <summary>Default free-flow speed from the source's maxspeed, or the class default.</summary>
    public ReadOnlySpan<float> FreeFlowKmh => _freeFlowKmh;

    public ReadOnlySpan<RoadClass> Classes => _classes;

    /// <summary>Lane count; 0 when the source does not say.</summary>
    public ReadOnlySpan<short> Lanes => _lanes;

    /// <summary>Index of each edge's OSM highway value in <see cref="HighwayValues"/>.</summary>
    public ReadOnlySpan<int> HighwayCodes => _highwayCodes;

    public IReadOnlyList<string> HighwayValues { get; }

    /// <summary>Index of each edge's name in <see cref="NameValues"/>; -1 when unnamed.</summary>
    public ReadOnlySpan<int> NameCodes => _nameCodes;

    public IReadOnlyList<string> NameValues { get; }

    /// <summary>Edge e's coordinates are <c>GeometryOffsets[e] .. GeometryOffsets[e+1]-1</c>; at least two each.</summary>
    public ReadOnlySpan<int> GeometryOffsets => _geometryOffsets;

    public ReadOnlySpan<double> GeometryLon => _geometryLon;

    public ReadOnlySpan<double> GeometryLat => _geometryLat;

    /// <summary>CSR offsets of out-edges per node (length N+1); the targets are the edge indexes themselves.</summary>
    public ReadOnlySpan<int> OutOffsets => _outOffsets;

    /// <summary>CSR offsets into <see cref="InEdges"/> per node (length N+1).</summary>
    public ReadOnlySpan<int> InOffsets => _inOffsets;

    /// <summary>Edge indexes grouped by end node.</summary>
    public ReadOnlySpan<int> InEdges => _inEdges;

    /// <summary>Source file, format and import settings, carried into the Arrow file's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Sets one metadata entry (the importer adds its summary once the network is built).</summary>
    internal void SetMetadata(string key, string value) => _metadata[key] = value;

    public ReadOnlySpan<double> EdgeLon(int edge) =>
        _geometryLon.AsSpan(_geometryOffsets[edge], _geometryOffsets[edge + 1] - _geometryOffsets[edge]);

    public ReadOnlySpan<double> EdgeLat(int edge) =>
        _geometryLat.AsSpan(_geometryOffsets[edge], _geometryOffsets[edge + 1] - _geometryOffsets[edge]);

    public string HighwayOf(int edge) => HighwayValues[_highwayCodes[edge]];

    public string? NameOf(int edge) => _nameCodes[edge] < 0 ? null : NameValues[_nameCodes[edge]];

    /// <summary>The point <paramref name="metres"/> along an edge's geometry from its start (clamped to the edge).</summary>
    public (double Lon, double Lat) PointAlong(int edge, double metres)
    {
        ReadOnlySpan<double> xs = EdgeLon(edge);
        ReadOnlySpan<double> ys = EdgeLat(edge);
        double left = Math.Max(metres, 0);
        for (int i = 1; i < xs.Length; i++)
        {
            double piece = GreatCircle.DistanceMetres(xs[i - 1], ys[i - 1], xs[i], ys[i]);
            if (left <= piece || i == xs.Length - 1)
            {
                double t = piece > 0 ? Math.Clamp(left / piece, 0, 1) : 0;
                return (xs[i - 1] + (t * (xs[i] - xs[i - 1])), ys[i - 1] + (t * (ys[i] - ys[i - 1])));
            }

            left -= piece;
        }

        return (xs[^1], ys[^1]);
    }

    /// <summary>The dense index of an edge id, or -1.</summary>
    public int FindEdge(long edgeId) => _edgeIndexById.Value.TryGetValue(edgeId, out int index) ? index : -1;

    /// <summary>The dense index of a source node id, or -1.</summary>
    public int FindNode(long nodeId) => _nodeIndexById.Value.TryGetValue(nodeId, out int index) ? index : -1;

    /// <summary>The WGS-84 bounding box of all geometry; null for an empty or single-point network.</summary>
    public BoundingBox? Extent()
    {
        if (_geometryLon.Length == 0)
        {
            return null;
        }

        double minLon = _geometryLon.Min(), maxLon = _geometryLon.Max();
        double minLat = _geometryLat.Min(), maxLat = _geometryLat.Max();
        return minLon < maxLon && minLat < maxLat ? new BoundingBox(minLon, minLat, maxLon, maxLat) : null;
    }

    private void BuildAdjacency()
    {
        for (int e = 0; e < _from.Length; e++)
        {
            if (e > 0 && _from[e] < _from[e - 1])
            {
                throw new ArgumentException("Edges must be ordered by start node.");
            }

            _outOffsets[_from[e] + 1]++;
            _inOffsets[_to[e] + 1]++;
        }

        for (int n = 0; n < _nodeIds.Length; n++)
        {
            _outOffsets[n + 1] += _outOffsets[n];
            _inOffsets[n + 1] += _inOffsets[n];
        }

        int[] next = _inOffsets[..^1];
        for (int e = 0; e < _to.Length; e++)
        {
            _inEdges[next[_to[e]]++] = e;
        }
    }

    private static Dictionary<long, int> IndexById(long[] ids)
    {
        var index = new Dictionary<long, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            index.TryAdd(ids[i], i);
        }

        return index;
    }
}
