using TrafficEngine.Kernels;

namespace TrafficEngine.Tests.Kernels;

public sealed class SpeedKernelsTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<int> Lengths => KernelData.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void HaversineMeters_MatchesScalarReference(int length)
    {
        Fixes fixes = Track(length + 1, seed: length);
        var meters = new double[length];

        SpeedKernels.HaversineMeters(fixes.Lon.AsSpan(0, length), fixes.Lat.AsSpan(0, length), fixes.Lon.AsSpan(1), fixes.Lat.AsSpan(1), meters);

        for (int i = 0; i < length; i++)
        {
            double expected = ReferenceMeters(fixes.Lon[i], fixes.Lat[i], fixes.Lon[i + 1], fixes.Lat[i + 1]);
            KernelData.AssertClose(expected, meters[i], Tolerance);
            KernelData.AssertClose(expected, SpeedKernels.HaversineMeters(fixes.Lon[i], fixes.Lat[i], fixes.Lon[i + 1], fixes.Lat[i + 1]), Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ImpliedSpeedKmh_MatchesScalarReference(int length)
    {
        Fixes fixes = Track(length, seed: length + 1000);
        int[] vehicleInts = Array.ConvertAll(fixes.Vehicle, v => (int)v);
        var speed = new double[length];
        var speedFromInts = new double[length];

        SpeedKernels.ImpliedSpeedKmh(fixes.Vehicle, fixes.TimestampMs, fixes.Lon, fixes.Lat, speed);
        SpeedKernels.ImpliedSpeedKmh(vehicleInts, fixes.TimestampMs, fixes.Lon, fixes.Lat, speedFromInts);

        for (int i = 0; i < length; i++)
        {
            double expected = ReferenceSpeedKmh(fixes, i);
            KernelData.AssertClose(expected, speed[i], Tolerance);
            KernelData.AssertClose(expected, speedFromInts[i], Tolerance);
        }
    }

    [Theory]
    [InlineData(0.0, 0L, 0.0)]
    [InlineData(10.0, 0L, double.PositiveInfinity)]
    [InlineData(10.0, -1000L, double.NaN)]
    [InlineData(double.NaN, 0L, double.NaN)]
    [InlineData(1000.0, 3_600_000L, 1.0)]
    public void SpeedKmh_EdgeCases(double meters, long elapsedMs, double expected)
    {
        double speed = SpeedKmh(meters, elapsedMs);

        Assert.Equal(expected, speed);
    }

    [Fact]
    public void ImpliedSpeedKmh_OneDegreeOfLatitudeInAnHour_IsAbout111Kmh()
    {
        long[] vehicle = [7, 7];
        long[] timestampMs = [0, 3_600_000];
        double[] lon = [4.9, 4.9];
        double[] lat = [52.0, 53.0];
        var speed = new double[2];

        SpeedKernels.ImpliedSpeedKmh(vehicle, timestampMs, lon, lat, speed);

        Assert.True(double.IsNaN(speed[0]));
        Assert.Equal(6371008.8 * Math.PI / 180.0 / 1000.0, speed[1], 9);
    }

    [Fact]
    public void ImpliedSpeedKmh_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => SpeedKernels.ImpliedSpeedKmh(new long[3], new long[2], new double[3], new double[3], new double[3]));
    }

    private static double SpeedKmh(double meters, long elapsedMs) => SpeedKernels.SpeedKmh(meters, elapsedMs);

    private static double ReferenceSpeedKmh(Fixes fixes, int i)
    {
        if (i == 0 || fixes.Vehicle[i] != fixes.Vehicle[i - 1])
        {
            return double.NaN;
        }

        long dt = fixes.TimestampMs[i] - fixes.TimestampMs[i - 1];
        double meters = ReferenceMeters(fixes.Lon[i - 1], fixes.Lat[i - 1], fixes.Lon[i], fixes.Lat[i]);
        if (dt < 0 || double.IsNaN(meters))
        {
            return double.NaN;
        }

        if (dt == 0)
        {
            return meters == 0 ? 0 : double.PositiveInfinity;
        }

        return meters / (dt / 1000.0) * 3.6;
    }

    private static double ReferenceMeters(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371008.8;
        double phi1 = lat1 * Math.PI / 180.0, phi2 = lat2 * Math.PI / 180.0;
        double dPhi = (lat2 - lat1) * Math.PI / 180.0, dLambda = (lon2 - lon1) * Math.PI / 180.0;
        double a = Math.Pow(Math.Sin(dPhi / 2), 2) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Pow(Math.Sin(dLambda / 2), 2));
        return 2 * r * Math.Asin(Math.Sqrt(Math.Min(1, a)));
    }

    private sealed record Fixes(long[] Vehicle, long[] TimestampMs, double[] Lon, double[] Lat);

    /// <summary>Vehicles in runs; small steps, standing still, repeated timestamps, time going back, NaN, far jumps.</summary>
    private static Fixes Track(int length, int seed)
    {
        var random = new Random(seed);
        var vehicle = new long[length];
        var time = new long[length];
        var lon = new double[length];
        var lat = new double[length];
        long id = 1_000_000_000_000, t = 1_700_000_000_000;
        double x = 4.9, y = 52.37;
        for (int i = 0; i < length; i++)
        {
            if (random.Next(12) == 0)
            {
                id += random.Next(1, 3);
                x = (random.NextDouble() * 360) - 180;
                y = (random.NextDouble() * 170) - 85;
            }

            int kind = random.Next(20);
            t += kind switch { 0 => 0, 1 => -500, _ => random.Next(1, 60_000) };
            (x, y) = kind switch
            {
                2 or 0 when random.Next(2) == 0 => (x, y),
                3 => (-x, -y),
                4 => (x + 1e-9, y),
                _ => (x + ((random.NextDouble() - 0.5) * 1e-3), y + ((random.NextDouble() - 0.5) * 1e-3)),
            };
            vehicle[i] = id;
            time[i] = t;
            lon[i] = kind == 5 ? double.NaN : x;
            lat[i] = kind == 6 ? double.PositiveInfinity : y;
        }

        return new Fixes(vehicle, time, lon, lat);
    }
}
