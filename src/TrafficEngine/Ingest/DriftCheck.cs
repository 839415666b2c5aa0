using System.Runtime.CompilerServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Ingest;

/// <summary>
/// Whether the implied speed between two fixes is at most the drift limit, as the haversine distance of
/// <see cref="GreatCircle.DistanceMetres"/> over the time step decides it, but mostly without the trigonometry:
/// a cheap upper bound on the haversine term decides the clear cases (nearly all consecutive probe fixes), and only
/// fixes near or above the limit pay for the exact computation. The bound: sin²(x) ≤ x², the cosine of each
/// latitude at most the cosine of the whole degree below the smaller |latitude|, and sin(x) ≥ x − x³/6; a relative
/// margin of 1e-6 keeps rounding from ever turning an exact "above the limit" into "plausible".
/// </summary>
internal sealed class DriftCheck
{
    private const double ToRad = Math.PI / 180.0;
    private static readonly double[] CosineAtOrBelow = BuildCosines();

    private readonly double _maxSpeedKmh;
    private readonly double _halfAnglePerMs;

    public DriftCheck(double maxSpeedKmh)
    {
        _maxSpeedKmh = maxSpeedKmh;
        _halfAnglePerMs = maxSpeedKmh / 3600.0 / (2 * GreatCircle.EarthRadiusMetres); // metres per ms over 2R
    }

    /// <summary>Implied speed from fix 1 to fix 2 (timestamp 2 after timestamp 1) at most the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsPlausible(long timestampMs1, double lon1, double lat1, long timestampMs2, double lon2, double lat2)
    {
        long dt = timestampMs2 - timestampMs1;
        double halfAngle = _halfAnglePerMs * dt; // x = D / 2R, D the distance allowed in dt
        if (halfAngle < 1)
        {
            double dLat = (lat2 - lat1) * (ToRad / 2);
            double dLon = (lon2 - lon1) * (ToRad / 2);
            double cos = CosineAtOrBelow[(int)Math.Min(Math.Abs(lat1), Math.Abs(lat2))];
            double upper = (dLat * dLat) + (cos * cos * dLon * dLon);
            double sinLower = halfAngle - (halfAngle * halfAngle * halfAngle / 6);
            if (upper <= sinLower * sinLower * (1 - 1e-6))
            {
                return true;
            }
        }

        return IsPlausibleExactly(timestampMs1, lon1, lat1, timestampMs2, lon2, lat2);
    }

    /// <summary>The exact rule: haversine kilometres over hours at most the limit.</summary>
    public bool IsPlausibleExactly(long timestampMs1, double lon1, double lat1, long timestampMs2, double lon2, double lat2)
    {
        double metres = GreatCircle.DistanceMetres(lon1, lat1, lon2, lat2);
        double kmh = metres / 1000.0 / ((timestampMs2 - timestampMs1) / 3_600_000.0);
        return !(kmh > _maxSpeedKmh);
    }

    /// <summary>cos(k°) for whole degrees k = 0..90 (index 91 guards |lat| = 90 exactly), at or above cos of any latitude in [k, k+1).</summary>
    private static double[] BuildCosines()
    {
        var cosines = new double[92];
        for (int k = 0; k < cosines.Length; k++)
        {
            cosines[k] = k >= 90 ? Math.Cos(89 * ToRad) : Math.Cos(k * ToRad);
        }

        return cosines;
    }
}
