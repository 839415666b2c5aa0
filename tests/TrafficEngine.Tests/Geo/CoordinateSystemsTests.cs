using TrafficEngine.Geo;

namespace TrafficEngine.Tests.Geo;

public sealed class CoordinateSystemsTests
{
    [Fact]
    public void Wgs84ToGcj02_ReferencePoint_MatchesPublishedImplementation()
    {
        // Reference values of wandergis/coordtransform (test/app.js) for (116.404, 39.915).
        (double lon, double lat) = CoordinateSystems.Wgs84ToGcj02(116.404, 39.915);

        Assert.Equal(116.41024449916938, lon, 1e-11);
        Assert.Equal(39.91640428150164, lat, 1e-11);
    }

    [Fact]
    public void Gcj02ToBd09_ReferencePoint_MatchesPublishedImplementation()
    {
        (double lon, double lat) = CoordinateSystems.Gcj02ToBd09(116.404, 39.915);

        Assert.Equal(116.41036949371029, lon, 1e-11);
        Assert.Equal(39.92133699351021, lat, 1e-11);
    }

    [Fact]
    public void Bd09ToGcj02_ReferencePoint_CloseToPublishedApproximationAndExactRoundTrip()
    {
        (double lon, double lat) = CoordinateSystems.Bd09ToGcj02(116.404, 39.915);
        (double backLon, double backLat) = CoordinateSystems.Gcj02ToBd09(lon, lat);

        Assert.Equal(116.39762729119315, lon, 1e-5); // the one-step closed form is good to about a metre
        Assert.Equal(39.90865673957631, lat, 1e-5);
        Assert.Equal(116.404, backLon, 1e-9);
        Assert.Equal(39.915, backLat, 1e-9);
    }

    [Fact]
    public void RoundTrips_OverBeijingGrid_BelowOneMillimetre()
    {
        double worstGcj = 0;
        double worstBd = 0;
        for (double lon = 115.4; lon <= 117.6; lon += 0.05)
        {
            for (double lat = 39.4; lat <= 41.1; lat += 0.05)
            {
                (double gLon, double gLat) = CoordinateSystems.Wgs84ToGcj02(lon, lat);
                (double wLon, double wLat) = CoordinateSystems.Gcj02ToWgs84(gLon, gLat);
                worstGcj = Math.Max(worstGcj, GreatCircle.DistanceMetres(lon, lat, wLon, wLat));
                (double bLon, double bLat) = CoordinateSystems.Wgs84ToBd09(lon, lat);
                (double vLon, double vLat) = CoordinateSystems.Bd09ToWgs84(bLon, bLat);
                worstBd = Math.Max(worstBd, GreatCircle.DistanceMetres(lon, lat, vLon, vLat));
            }
        }

        Assert.True(worstGcj < 0.001, $"GCJ-02 round trip error {worstGcj} m");
        Assert.True(worstBd < 0.001, $"BD-09 round trip error {worstBd} m");
    }

    [Fact]
    public void Offsets_InBeijing_HaveTheDocumentedMagnitude()
    {
        double minGcj = double.MaxValue, maxGcj = 0, minBd = double.MaxValue, maxBd = 0;
        for (double lon = 116.1; lon <= 116.7; lon += 0.02)
        {
            for (double lat = 39.7; lat <= 40.1; lat += 0.02)
            {
                (double gLon, double gLat) = CoordinateSystems.Wgs84ToGcj02(lon, lat);
                (double bLon, double bLat) = CoordinateSystems.Wgs84ToBd09(lon, lat);
                double gcj = GreatCircle.DistanceMetres(lon, lat, gLon, gLat);
                double bd = GreatCircle.DistanceMetres(lon, lat, bLon, bLat);
                (minGcj, maxGcj) = (Math.Min(minGcj, gcj), Math.Max(maxGcj, gcj));
                (minBd, maxBd) = (Math.Min(minBd, bd), Math.Max(maxBd, bd));
            }
        }

        // Measured over central Beijing (116.1-116.7 E, 39.7-40.1 N): GCJ-02 506-562 m, BD-09 1293-1380 m.
        // DOMAIN.md says 500-590 m and "about 1.3-1.4 km": the BD-09 minimum sits just under 1.3 km.
        Assert.InRange(minGcj, 500, 590);
        Assert.InRange(maxGcj, 500, 590);
        Assert.InRange(minBd, 1280, 1400);
        Assert.InRange(maxBd, 1280, 1400);
    }

    [Theory]
    [InlineData(2.35, 48.85)]
    [InlineData(-74.0, 40.7)]
    [InlineData(140.0, 35.0)]
    public void Conversions_OutsideChina_LeavePointUnchanged(double lon, double lat)
    {
        Assert.Equal((lon, lat), CoordinateSystems.Wgs84ToGcj02(lon, lat));
        Assert.Equal((lon, lat), CoordinateSystems.Gcj02ToWgs84(lon, lat));
        Assert.Equal((lon, lat), CoordinateSystems.Wgs84ToBd09(lon, lat));
        Assert.Equal((lon, lat), CoordinateSystems.Bd09ToWgs84(lon, lat));
    }

    [Fact]
    public void Convert_Spans_MatchesScalarAndPassesNaN()
    {
        double[] lons = [116.3, 116.5, double.NaN];
        double[] lats = [39.9, 40.0, 39.9];

        CoordinateSystems.Convert(Crs.Gcj02, Crs.Wgs84, lons, lats);

        Assert.Equal(CoordinateSystems.Gcj02ToWgs84(116.3, 39.9), (lons[0], lats[0]));
        Assert.Equal(CoordinateSystems.Gcj02ToWgs84(116.5, 40.0), (lons[1], lats[1]));
        Assert.True(double.IsNaN(lons[2]));
    }

    [Theory]
    [InlineData("wgs84", Crs.Wgs84)]
    [InlineData("GCJ02", Crs.Gcj02)]
    [InlineData(" bd09 ", Crs.Bd09)]
    public void CrsNamesParse_ValidNames_Parse(string name, Crs expected)
    {
        Assert.Equal(expected, CrsNames.Parse(name));
    }

    [Fact]
    public void CrsNamesParse_Unknown_ThrowsListingValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => CrsNames.Parse("utm50n"));

        Assert.Contains("wgs84, gcj02, bd09", error.Message, StringComparison.Ordinal);
    }
}
