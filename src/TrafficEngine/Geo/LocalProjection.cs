namespace TrafficEngine.Geo;

/// <summary>
/// An equirectangular projection to metres around a centre point, on the same sphere as <see cref="GreatCircle"/>:
/// x east, y north. Over a city (tens of kilometres) distances agree with great-circle ones to a few parts in a
/// thousand, which is what candidate search and distances of fixes to roads need; it is not a survey projection.
/// </summary>
public readonly struct LocalProjection
{
    private const double DegreesToRadians = Math.PI / 180.0;
    private readonly double _metresPerDegreeLon;
    private readonly double _metresPerDegreeLat;

    public LocalProjection(double centreLon, double centreLat)
    {
        if (!double.IsFinite(centreLon) || !double.IsFinite(centreLat) || centreLat is < -89 or > 89)
        {
            throw new ArgumentOutOfRangeException(nameof(centreLat), $"The projection centre {centreLon}, {centreLat} is not usable.");
        }

        CentreLon = centreLon;
        CentreLat = centreLat;
        _metresPerDegreeLat = GreatCircle.EarthRadiusMetres * DegreesToRadians;
        _metresPerDegreeLon = _metresPerDegreeLat * Math.Cos(centreLat * DegreesToRadians);
    }

    public double CentreLon { get; }

    public double CentreLat { get; }

    /// <summary>The projection centred on the middle of a network's extent.</summary>
    public static LocalProjection For(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Extent() is { } box)
        {
            return new LocalProjection((box.MinLon + box.MaxLon) / 2, (box.MinLat + box.MaxLat) / 2);
        }

        return network.GeometryLon.Length > 0
            ? new LocalProjection(network.GeometryLon[0], network.GeometryLat[0])
            : new LocalProjection(0, 0);
    }

    public double X(double lon) => (lon - CentreLon) * _metresPerDegreeLon;

    public double Y(double lat) => (lat - CentreLat) * _metresPerDegreeLat;

    public double Lon(double x) => CentreLon + (x / _metresPerDegreeLon);

    public double Lat(double y) => CentreLat + (y / _metresPerDegreeLat);
}
