namespace TrafficEngine.Geo;

/// <summary>
/// Conversions between WGS-84, GCJ-02 and BD-09 (see DOMAIN.md section 1). The forward transforms are the public
/// formulas; the inverses have no closed form and use fixed-point iteration to below 1e-9 degrees. Outside mainland
/// China (lon not in 72.004..137.8347 or lat not in 0.8293..55.8271) no offset is applied.
/// </summary>
public static class CoordinateSystems
{
    private const double KrasovskyA = 6378245.0;
    private const double KrasovskyEe = 0.00669342162296594323;
    private const double BdXPi = Math.PI * 3000.0 / 180.0;
    private const double Tolerance = 1e-9;
    private const int MaxIterations = 12;

    /// <summary>Whether a point lies outside the rectangle where the Chinese offsets apply.</summary>
    public static bool IsOutsideChina(double lon, double lat) =>
        !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);

    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        double x = lon - 105.0;
        double y = lat - 35.0;
        double dLat = OffsetLat(x, y);
        double dLon = OffsetLon(x, y);
        double radLat = lat / 180.0 * Math.PI;
        double sinLat = Math.Sin(radLat);
        double magic = 1 - (KrasovskyEe * sinLat * sinLat);
        double sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskyA * (1 - KrasovskyEe) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskyA / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lon + dLon, lat + dLat);
    }

    /// <summary>Inverse of <see cref="Wgs84ToGcj02"/> by fixed-point iteration.</summary>
    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        return Invert(lon, lat, lon, lat, static (x, y) => Wgs84ToGcj02(x, y));
    }

    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        double z = Math.Sqrt((lon * lon) + (lat * lat)) + (2e-5 * Math.Sin(lat * BdXPi));
        double theta = Math.Atan2(lat, lon) + (3e-6 * Math.Cos(lon * BdXPi));
        return ((z * Math.Cos(theta)) + 0.0065, (z * Math.Sin(theta)) + 0.006);
    }

    /// <summary>
    /// Inverse of <see cref="Gcj02ToBd09"/>: the public approximate inverse, refined by fixed-point iteration so the
    /// round trip is exact to 1e-9 degrees.
    /// </summary>
    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        double x = lon - 0.0065;
        double y = lat - 0.006;
        double z = Math.Sqrt((x * x) + (y * y)) - (2e-5 * Math.Sin(y * BdXPi));
        double theta = Math.Atan2(y, x) - (3e-6 * Math.Cos(x * BdXPi));
        return Invert(lon, lat, z * Math.Cos(theta), z * Math.Sin(theta), static (a, b) => Gcj02ToBd09(a, b));
    }

    public static (double Lon, double Lat) Wgs84ToBd09(double lon, double lat)
    {
        (double gLon, double gLat) = Wgs84ToGcj02(lon, lat);
        return IsOutsideChina(lon, lat) ? (lon, lat) : Gcj02ToBd09(gLon, gLat);
    }

    /// <summary>Inverse of <see cref="Wgs84ToBd09"/> by fixed-point iteration on the composite transform.</summary>
    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        (double gLon, double gLat) = Bd09ToGcj02(lon, lat);
        (double startLon, double startLat) = Gcj02ToWgs84(gLon, gLat);
        return Invert(lon, lat, startLon, startLat, static (a, b) => Wgs84ToBd09(a, b));
    }

    /// <summary>Converts one point between any two systems.</summary>
    public static (double Lon, double Lat) Convert(Crs from, Crs to, double lon, double lat)
    {
        if (from == to)
        {
            return (lon, lat);
        }

        (double wLon, double wLat) = from switch
        {
            Crs.Wgs84 => (lon, lat),
            Crs.Gcj02 => Gcj02ToWgs84(lon, lat),
            Crs.Bd09 => Bd09ToWgs84(lon, lat),
            _ => throw new ArgumentOutOfRangeException(nameof(from), from, "Unknown coordinate system."),
        };
        return to switch
        {
            Crs.Wgs84 => (wLon, wLat),
            Crs.Gcj02 => from == Crs.Bd09 ? Bd09ToGcj02(lon, lat) : Wgs84ToGcj02(wLon, wLat),
            Crs.Bd09 => from == Crs.Gcj02 ? Gcj02ToBd09(lon, lat) : Wgs84ToBd09(wLon, wLat),
            _ => throw new ArgumentOutOfRangeException(nameof(to), to, "Unknown coordinate system."),
        };
    }

    /// <summary>Converts columns of coordinates in place; NaN and infinite values pass through unchanged.</summary>
    public static void Convert(Crs from, Crs to, Span<double> lons, Span<double> lats)
    {
        if (lons.Length != lats.Length)
        {
            throw new ArgumentException($"Longitude and latitude columns differ in length ({lons.Length} and {lats.Length}).", nameof(lats));
        }

        if (from == to)
        {
            return;
        }

        for (int i = 0; i < lons.Length; i++)
        {
            if (double.IsFinite(lons[i]) && double.IsFinite(lats[i]))
            {
                (lons[i], lats[i]) = Convert(from, to, lons[i], lats[i]);
            }
        }
    }

    private static (double Lon, double Lat) Invert(double targetLon, double targetLat, double lon, double lat,
        Func<double, double, (double Lon, double Lat)> forward)
    {
        for (int i = 0; i < MaxIterations; i++)
        {
            (double fLon, double fLat) = forward(lon, lat);
            double dLon = fLon - targetLon;
            double dLat = fLat - targetLat;
            lon -= dLon;
            lat -= dLat;
            if (Math.Abs(dLon) < Tolerance && Math.Abs(dLat) < Tolerance)
            {
                break;
            }
        }

        return (lon, lat);
    }

    private static double OffsetLat(double x, double y)
    {
        double ret = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(y * Math.PI)) + (40.0 * Math.Sin(y / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((160.0 * Math.Sin(y / 12.0 * Math.PI)) + (320.0 * Math.Sin(y * Math.PI / 30.0))) * 2.0 / 3.0;
        return ret;
    }

    private static double OffsetLon(double x, double y)
    {
        double ret = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(x * Math.PI)) + (40.0 * Math.Sin(x / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((150.0 * Math.Sin(x / 12.0 * Math.PI)) + (300.0 * Math.Sin(x / 30.0 * Math.PI))) * 2.0 / 3.0;
        return ret;
    }
}
