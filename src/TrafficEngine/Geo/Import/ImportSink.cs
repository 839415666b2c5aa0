using System.Globalization;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// What every reader feeds: decides drivability (counting what is left out per highway value), checks geometry,
/// counts dangling node references and other rejects with the first warnings (file, line or feature, field), and adds
/// directed edges to a <see cref="RoadNetworkBuilder"/>, reversing the geometry for edges against the source order.
/// </summary>
internal sealed class ImportSink
{
    public const string BadGeometry = "bad_geometry";
    public const string DanglingNode = "dangling_node";
    public const string DuplicateEdgeId = "duplicate_edge_id";
    public const string BadField = "bad_field";
    private const int MaxWarnings = 20;

    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rejected = new(StringComparer.Ordinal)
    {
        [BadGeometry] = 0, [DanglingNode] = 0, [DuplicateEdgeId] = 0, [BadField] = 0,
    };

    private readonly Dictionary<string, long> _notes = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly List<double> _reverseLon = [];
    private readonly List<double> _reverseLat = [];
    private long _warningCount;

    public ImportSink(string file, bool includeService)
    {
        File = file;
        IncludeService = includeService;
    }

    public RoadNetworkBuilder Builder { get; } = new();

    /// <summary>The file named in warnings.</summary>
    public string File { get; set; }

    public bool IncludeService { get; }

    public long RecordsRead { get; set; }

    public long RecordsKept { get; set; }

    public long DanglingNodeRefs { get; private set; }

    public long TwoWayReverseEdges { get; set; }

    /// <summary>True for a drivable highway value; otherwise counts the record as skipped under that value.</summary>
    public bool Accept(string? highway)
    {
        if (!string.IsNullOrEmpty(highway) && RoadClasses.IsDrivable(highway, IncludeService))
        {
            return true;
        }

        string key = string.IsNullOrEmpty(highway) ? "(none)" : highway;
        _skipped[key] = _skipped.GetValueOrDefault(key) + 1;
        return false;
    }

    /// <summary>Counts a rejected record under <paramref name="reason"/> and keeps the first warnings.</summary>
    public void Reject(string reason, string where, string field, string message)
    {
        _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
        Warn($"{File}: {where}, field '{field}': {message} ({reason})");
    }

    public void Warn(string message)
    {
        _warningCount++;
        if (_warnings.Count < MaxWarnings)
        {
            _warnings.Add(message);
        }
    }

    /// <summary>
    /// Whether both end nodes were defined (added to the builder); otherwise counts each undefined reference and
    /// rejects the record once as dangling_node.
    /// </summary>
    public bool CheckNodes(long fromNode, long toNode, string where, string fromField, string toField)
    {
        bool fromOk = Builder.HasNode(fromNode), toOk = Builder.HasNode(toNode);
        if (fromOk && toOk)
        {
            return true;
        }

        DanglingNodeRefs += (fromOk ? 0 : 1) + (toOk ? 0 : 1);
        Reject(DanglingNode, where, fromOk ? toField : fromField,
            $"node {(fromOk ? toNode : fromNode).ToString(CultureInfo.InvariantCulture)} is not in the node file");
        return false;
    }

    /// <summary>Counts references to undefined nodes when the caller rejects the record itself.</summary>
    public void CountDangling(long references) => DanglingNodeRefs += references;

    public void Note(string name, long add = 1) => _notes[name] = _notes.GetValueOrDefault(name) + add;

    /// <summary>
    /// Checks a geometry: two or more points, finite, inside -180..180 / -90..90 (all at one spot is kept and noted as
    /// zero_length_edges). Rejects the
    /// record as bad_geometry and returns false otherwise.
    /// </summary>
    public bool CheckGeometry(List<double> lon, List<double> lat, int start, int count, string where, string field)
    {
        string? problem = null;
        if (count < 2)
        {
            problem = $"{count} point(s); a road needs at least 2";
        }
        else
        {
            bool moves = false;
            for (int i = start; i < start + count && problem is null; i++)
            {
                if (!double.IsFinite(lon[i]) || !double.IsFinite(lat[i]) || lon[i] is < -180 or > 180 || lat[i] is < -90 or > 90)
                {
                    problem = $"point {i - start + 1} ({lon[i].ToString(CultureInfo.InvariantCulture)} {lat[i].ToString(CultureInfo.InvariantCulture)}) is not a WGS-84 lon/lat";
                }

                moves |= lon[i] != lon[start] || lat[i] != lat[start];
            }

            if (problem is null && !moves)
            {
                Note("zero_length_edges"); // two nodes at one spot: kept, so the graph stays connected
            }
        }

        if (problem is not null)
        {
            Reject(BadGeometry, where, field, problem);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Adds one directed edge from <paramref name="fromNode"/> to <paramref name="toNode"/>. The geometry runs in the
    /// source's order; with <paramref name="reverse"/> it is walked backwards (and the nodes are already swapped by the
    /// caller). Nodes not added yet are placed at the geometry's ends. Returns false for a duplicate edge id.
    /// </summary>
    public bool AddEdge(long edgeId, long sourceId, long fromNode, long toNode, string highway, string? name, int lanes,
        double maxSpeedKmh, List<double> lon, List<double> lat, int start, int count, bool reverse, string where)
    {
        if (Builder.HasEdge(edgeId))
        {
            Reject(DuplicateEdgeId, where, "id", $"edge id {edgeId.ToString(CultureInfo.InvariantCulture)} appears twice");
            return false;
        }

        ReadOnlySpan<double> x, y;
        if (reverse)
        {
            _reverseLon.Clear();
            _reverseLat.Clear();
            for (int i = start + count - 1; i >= start; i--)
            {
                _reverseLon.Add(lon[i]);
                _reverseLat.Add(lat[i]);
            }

            x = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_reverseLon);
            y = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_reverseLat);
        }
        else
        {
            x = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lon).Slice(start, count);
            y = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lat).Slice(start, count);
        }

        if (!Builder.HasNode(fromNode))
        {
            Builder.AddNode(fromNode, x[0], y[0]);
        }

        if (!Builder.HasNode(toNode))
        {
            Builder.AddNode(toNode, x[^1], y[^1]);
        }

        Builder.AddEdge(edgeId, sourceId, fromNode, toNode, highway, name, lanes, maxSpeedKmh, x, y);
        return true;
    }

    /// <summary>Fails the import when nothing usable was found, naming the reason that removed everything.</summary>
    public void RequireEdges()
    {
        if (Builder.EdgeCount > 0)
        {
            return;
        }

        if (RecordsRead == 0)
        {
            throw new UserInputException($"{File}: the input holds no road records (empty input).", File);
        }

        if (DanglingNodeRefs > 0 && _rejected[DanglingNode] + _skipped.Values.Sum() >= RecordsRead)
        {
            throw new UserInputException(
                $"{File}: every edge refers to nodes the node file does not define ({DanglingNodeRefs} dangling references); is it the right node file?", File);
        }

        string first = _warnings.Count > 0 ? $" First problem: {_warnings[0]}" : "";
        throw new UserInputException(
            $"{File}: none of the {RecordsRead} records gave a drivable edge ({_skipped.Values.Sum()} not drivable, {_rejected.Values.Sum()} rejected).{first}", File);
    }

    public NetworkImportReport Report(RoadNetwork network, NetworkFormat format, string sourceFile, string? nodesFile, TimeSpan elapsed)
    {
        var edges = new Dictionary<string, int>(StringComparer.Ordinal);
        var km = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int c = 0; c < RoadClasses.Count; c++)
        {
            edges[RoadClasses.Name((RoadClass)c)] = 0;
            km[RoadClasses.Name((RoadClass)c)] = 0;
        }

        for (int e = 0; e < network.EdgeCount; e++)
        {
            string name = RoadClasses.Name(network.Classes[e]);
            edges[name]++;
            km[name] += network.LengthMetres[e] / 1000.0;
        }

        foreach (string key in km.Keys.ToArray())
        {
            km[key] = Math.Round(km[key], 3);
        }

        if (_warningCount > _warnings.Count)
        {
            _warnings.Add($"... and {_warningCount - _warnings.Count} more warnings");
        }

        return new NetworkImportReport
        {
            Format = format.ToName(),
            SourceFile = sourceFile,
            NodesFile = nodesFile,
            IncludeService = IncludeService,
            RecordsRead = RecordsRead,
            RecordsKept = RecordsKept,
            Edges = network.EdgeCount,
            Nodes = network.NodeCount,
            EdgesByClass = edges,
            KmByClass = km,
            SkippedByHighway = _skipped.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Rejected = new Dictionary<string, long>(_rejected, StringComparer.Ordinal),
            DanglingNodeRefs = DanglingNodeRefs,
            TwoWayReverseEdges = TwoWayReverseEdges,
            Notes = new Dictionary<string, long>(_notes, StringComparer.Ordinal),
            Warnings = [.. _warnings],
            Elapsed = elapsed,
        };
    }
}
