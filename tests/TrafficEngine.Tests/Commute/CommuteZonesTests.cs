using System.Globalization;
using TrafficEngine.Commute;
using TrafficEngine.IO;

namespace TrafficEngine.Tests.Commute;

public class CommuteZonesTests
{
    [Fact]
    public void Read_ShenzhenUtm50N_CentroidsAndAreasMatchTheReferenceTable()
    {
        CommuteZones zones = CommuteZones.Read(CommuteData.ShenzhenZones, "JDBH", "JDMC", "QXMC");
        List<Dictionary<string, string>> reference = CommuteData.ReadCsv(CommuteData.ShenzhenCentroids);

        Assert.Equal(61, zones.Count);
        Assert.False(zones.Crs!.IsGeographic);
        Assert.Equal(61, reference.Count);
        foreach (Dictionary<string, string> row in reference)
        {
            int z = zones.IndexOf(row["JDBH"]);
            Assert.True(z >= 0, row["JDBH"]);
            Assert.Equal(row["QXMC"], zones.Districts[z]);
            Assert.Equal(double.Parse(row["centroid_x_epsg32650"], CultureInfo.InvariantCulture), zones.X[z], 0.02);
            Assert.Equal(double.Parse(row["centroid_y_epsg32650"], CultureInfo.InvariantCulture), zones.Y[z], 0.02);
            Assert.Equal(double.Parse(row["centroid_lon_wgs84"], CultureInfo.InvariantCulture), zones.Lon[z], 1e-5);
            Assert.Equal(double.Parse(row["centroid_lat_wgs84"], CultureInfo.InvariantCulture), zones.Lat[z], 1e-5);
            double area = double.Parse(row["area_m2"], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(zones.AreaM2[z] - area) <= 1e-6 * area + 0.1, $"{row["JDBH"]}: area {zones.AreaM2[z]} vs {area}");
        }
    }

    [Fact]
    public void Read_LeedsBritishNationalGrid_GeoJsonAndShapefileAgreeWithReference()
    {
        CommuteZones geojson = CommuteZones.Read(CommuteData.LeedsZones, "geo_code", "geo_label");
        CommuteZones shapefile = CommuteZones.Read(CommuteData.LeedsShapefile, "geo_code", "geo_label", crs: "EPSG:27700");
        List<Dictionary<string, string>> reference = CommuteData.ReadCsv(CommuteData.LeedsCentroids);

        Assert.Equal(25, geojson.Count);
        Assert.Equal(25, shapefile.Count);
        foreach (Dictionary<string, string> row in reference)
        {
            foreach (CommuteZones zones in new[] { geojson, shapefile })
            {
                int z = zones.IndexOf(row["geo_code"]);
                Assert.True(z >= 0, row["geo_code"]);
                Assert.Equal(double.Parse(row["centroid_x_epsg27700"], CultureInfo.InvariantCulture), zones.X[z], 0.02);
                Assert.Equal(double.Parse(row["centroid_y_epsg27700"], CultureInfo.InvariantCulture), zones.Y[z], 0.02);
                Assert.Equal(double.Parse(row["area_m2"], CultureInfo.InvariantCulture), zones.AreaM2[z], 0.2);

                // Central Leeds: about 53.80 N, 1.55 W.
                Assert.InRange(zones.Lat[z], 53.7, 53.9);
                Assert.InRange(zones.Lon[z], -1.7, -1.4);
            }
        }
    }

    [Fact]
    public void Read_ShapefileWithoutPrjOrCrs_FailsNamingTheFile()
    {
        UserInputException e = Assert.Throws<UserInputException>(() => CommuteZones.Read(CommuteData.LeedsShapefile, "geo_code"));

        Assert.Contains("leeds_central_msoa.shp", e.Message, StringComparison.Ordinal);
        Assert.Contains(".prj", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Wgs84Square_AreaAndCentroidInMetres()
    {
        // A 0.01 x 0.01 degree square at 40 N: 1,111.95 m x 851.8 m (spherical metres per degree at 40 N).
        string path = CommuteData.Temp("zones.geojson", """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"zone_id":"a","district":"D1"},"geometry":{"type":"Polygon","coordinates":[[[116.0,40.0],[116.01,40.0],[116.01,40.01],[116.0,40.01],[116.0,40.0]]]}},
              {"type":"Feature","properties":{"zone_id":"b","district":"D1"},"geometry":{"type":"Polygon","coordinates":[[[116.02,40.0],[116.03,40.0],[116.03,40.01],[116.02,40.01],[116.02,40.0]]]}}]}
            """);

        CommuteZones zones = CommuteZones.Read(path);

        Assert.True(zones.Crs!.IsGeographic);
        Assert.Equal("D1", zones.Districts[1]);
        Assert.Equal(116.005, zones.Lon[0], 1e-6);
        Assert.Equal(40.005, zones.Lat[0], 1e-6);
        double width = 0.01 * Math.PI / 180 * 6371008.8 * Math.Cos(40.005 * Math.PI / 180);
        double height = 0.01 * Math.PI / 180 * 6371008.8;
        Assert.Equal(width * height, zones.AreaM2[0], width * height * 0.005);
        Assert.Equal(2 * width / 1000, zones.StraightDistanceKm(0, 1), 2 * width / 1000 * 0.005);
    }

    [Fact]
    public void Read_UnsupportedEpsg_FailsNamingTheCode()
    {
        string path = CommuteData.Temp("zones.geojson", """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2385"}},"features":[]}
            """);

        UserInputException e = Assert.Throws<UserInputException>(() => CommuteZones.Read(path));

        Assert.Contains("EPSG:2385", e.Message, StringComparison.Ordinal);
    }
}
