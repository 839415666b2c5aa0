using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace TrafficEngine.Commute;

/// <summary>The zone holding a WGS-84 point (an R-tree over the polygons' envelopes, then point-in-polygon), or -1.</summary>
public sealed class ZoneLocator
{
    private readonly CommuteZones _zones;
    private readonly STRtree<int> _tree = new();
    private readonly IPointOnGeometryLocator[] _locators;

    public ZoneLocator(CommuteZones zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (!zones.HasGeometry)
        {
            throw new ArgumentException("zones without polygons cannot locate points.", nameof(zones));
        }

        _zones = zones;
        _locators = new IPointOnGeometryLocator[zones.Count];
        for (int z = 0; z < zones.Count; z++)
        {
            _tree.Insert(zones.Geometries![z].EnvelopeInternal, z);
            _locators[z] = new IndexedPointInAreaLocator(zones.Geometries[z]);
        }

        _tree.Build();
    }

    public int Locate(double lon, double lat)
    {
        (double x, double y) = _zones.Crs!.FromWgs84(lon, lat);
        var point = new Coordinate(x, y);
        int found = -1;
        foreach (int z in _tree.Query(new Envelope(point)))
        {
            if (_locators[z].Locate(point) != Location.Exterior && (found < 0 || z < found))
            {
                found = z;
            }
        }

        return found;
    }
}
