namespace TrafficEngine.Geo.Import;

/// <summary>The tags of one drivable OSM way that the import keeps (one small record per way, not per node).</summary>
internal sealed record OsmWay(long Id, string Where, string Highway, string? Name, int Lanes, double MaxSpeedKmh, Oneway Oneway);

/// <summary>Drivable OSM ways as they are read: node references in one flat list with offsets, tags per way.</summary>
internal sealed class OsmWayStore
{
    private readonly List<long> _refs = [];
    private readonly List<int> _offsets = [0];
    private readonly List<OsmWay> _ways = [];
    private long _id;
    private string _where = "";
    private string? _oneway, _name, _lanes, _maxspeed, _junction;

    public int Count => _ways.Count;

    /// <summary>The highway tag of the way being read, or null.</summary>
    public string? Highway { get; private set; }

    public OsmWay this[int index] => _ways[index];

    public ReadOnlySpan<long> Refs(int way) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_refs)[_offsets[way].._offsets[way + 1]];

    public void Begin(long id, string where)
    {
        _id = id;
        _where = where;
        Highway = _oneway = _name = _lanes = _maxspeed = _junction = null;
    }

    public void AddRef(long nodeRef) => _refs.Add(nodeRef);

    public void SetTag(string? key, string? value)
    {
        switch (key)
        {
            case "highway": Highway = value; break;
            case "oneway": _oneway = value; break;
            case "name": _name = value; break;
            case "lanes": _lanes = value; break;
            case "maxspeed": _maxspeed = value; break;
            case "junction": _junction = value; break;
        }
    }

    /// <summary>Drops the node references of the way being read.</summary>
    public void Discard() => _refs.RemoveRange(_offsets[^1], _refs.Count - _offsets[^1]);

    public void Commit()
    {
        Oneway oneway = _oneway is null
            ? (_junction is "roundabout" or "circular" || Highway is "motorway" ? Oneway.Forward : Oneway.Both)
            : OsmValues.ParseOneway(_oneway);
        _ways.Add(new OsmWay(_id, _where, Highway!, string.IsNullOrWhiteSpace(_name) ? null : _name,
            _lanes is null ? 0 : OsmValues.ParseLanes(_lanes), _maxspeed is null ? double.NaN : OsmValues.ParseMaxSpeedKmh(_maxspeed), oneway));
        _offsets.Add(_refs.Count);
    }
}
