namespace TrafficEngine.Geo;

/// <summary>Great-circle distances on a spherical Earth.</summary>
public static class GreatCircle
{
    /// <summary>Mean Earth radius in metres (IUGG).</summary>
    public const double EarthRadiusMetres = 6371008.8;

    /// <summary>Haversine distance in metres between two WGS-84 points given in degrees.</summary>
    public static double DistanceMetres(double lon1, double lat1, double lon2, double lat2)
    {
        const double ToRad = Math.PI / 180.0;
        double dLat = (lat2 - lat1) * ToRad;
        double dLon = (lon2 - lon1) * ToRad;
        double sinLat = Math.Sin(dLat / 2);
        double sinLon = Math.Sin(dLon / 2);
        double h = (sinLat * sinLat) + (Math.Cos(lat1 * ToRad) * Math.Cos(lat2 * ToRad) * sinLon * sinLon);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }
}
