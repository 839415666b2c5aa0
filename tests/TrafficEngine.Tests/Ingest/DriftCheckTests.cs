using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

/// <summary>The cheap bound of the drift check never changes the exact haversine decision.</summary>
public sealed class DriftCheckTests
{
    [Theory]
    [InlineData(150, 116.4, 39.9, 0.05)]
    [InlineData(150, 116.4, 39.9, 2)]
    [InlineData(30, -70.6, -33.4, 0.01)]
    [InlineData(900, 10, 89.5, 5)]
    [InlineData(150, 179.99, 0.01, 0.2)]
    public void IsPlausible_RandomPairs_AgreesWithTheExactRule(double maxKmh, double lon, double lat, double spreadDeg)
    {
        var check = new DriftCheck(maxKmh);
        var random = new Random(42);
        int plausible = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double lon1 = lon + ((random.NextDouble() - 0.5) * spreadDeg);
            double lat1 = Math.Clamp(lat + ((random.NextDouble() - 0.5) * spreadDeg), -90, 90);
            double lon2 = lon + ((random.NextDouble() - 0.5) * spreadDeg);
            double lat2 = Math.Clamp(lat + ((random.NextDouble() - 0.5) * spreadDeg), -90, 90);
            long t1 = 1_200_000_000_000L + random.Next(1_000_000);
            long t2 = t1 + 1 + random.Next(i % 3 == 0 ? 10_000 : 7_200_000);

            bool fast = check.IsPlausible(t1, lon1, lat1, t2, lon2, lat2);

            Assert.Equal(check.IsPlausibleExactly(t1, lon1, lat1, t2, lon2, lat2), fast);
            plausible += fast ? 1 : 0;
        }

        Assert.InRange(plausible, 1, 199_999); // both outcomes were exercised
    }

    [Theory]
    [InlineData(39.9, 60_000)]
    [InlineData(0, 1_000)]
    [InlineData(-60, 3_600_000)]
    public void IsPlausible_AtTheLimit_AgreesWithTheExactRule(double lat, long dtMs)
    {
        var check = new DriftCheck(150);
        double metres = 150 / 3.6 * (dtMs / 1000.0);
        double dLat = metres / GreatCircle.EarthRadiusMetres * 180 / Math.PI;
        for (double factor = 0.999; factor <= 1.001; factor += 0.00001)
        {
            double lat2 = lat + (dLat * factor);

            bool fast = check.IsPlausible(0, 116.4, lat, dtMs, 116.4, lat2);

            Assert.Equal(check.IsPlausibleExactly(0, 116.4, lat, dtMs, 116.4, lat2), fast);
        }
    }
}
